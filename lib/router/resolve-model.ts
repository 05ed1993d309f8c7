import { err, ok, type Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";

/** A `provider/model` name, split. */
export interface ModelRef {
  readonly provider: string;
  readonly model: string;
}

/**
 * Splits a `provider/model` name at its first `/` when the part before it names a route
 * (`openrouter/openai/gpt-4o` → `openrouter` + `openai/gpt-4o`); a name without a known provider goes to
 * the default provider when there is one, whole.
 */
export function resolveModel(
  name: unknown,
  field: string,
  routes: readonly string[],
  defaultProvider: string | undefined,
): Result<ModelRef, InvalidRequestError> {
  if (typeof name !== "string") return err(newInvalidRequestError(field, "must be a provider/model string"));
  const slash = name.indexOf("/");
  const prefix = slash < 0 ? undefined : name.slice(0, slash);
  if (prefix !== undefined && routes.includes(prefix))
    return ok({ provider: prefix, model: name.slice(slash + 1) });
  if (defaultProvider !== undefined && routes.includes(defaultProvider)) {
    return ok({ provider: defaultProvider, model: name });
  }
  const known = routes.length === 0 ? "none" : routes.join(", ");
  return err(
    newInvalidRequestError(
      field,
      `must name a route as provider/model, got "${name.slice(0, 200)}" (routes: ${known})`,
    ),
  );
}
