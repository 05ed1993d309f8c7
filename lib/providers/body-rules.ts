import { err, ok, type Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import type { BodyMapping, ProviderEndpoint, WireBody } from "./provider-preset.ts";

/** One step of a provider's body mapping. */
export type BodyRule = (body: WireBody, endpoint: ProviderEndpoint) => Result<WireBody, InvalidRequestError>;

/** The vendor fields chatwire has options for; a server that rejects unknown fields rejects these. */
export const vendorFields: readonly string[] = [
  "top_k",
  "min_p",
  "repetition_penalty",
  "guided_json",
  "chat_template_kwargs",
  "prompt_mode",
  "safe_prompt",
  "random_seed",
];

/** Applies rules left to right; the first refusal wins. */
export function composeRules(...rules: readonly BodyRule[]): BodyMapping {
  return (body, endpoint) =>
    rules.reduce<Result<WireBody, InvalidRequestError>>(
      (result, rule) => result.andThen((next) => rule(next, endpoint)),
      ok(body),
    );
}

/** A body without one field. */
export function without(body: WireBody, field: string): WireBody {
  const { [field]: _dropped, ...rest } = body;
  return rest;
}

/**
 * Sends a field under the provider's name for it. When both names are set to different values the
 * request is refused: sending one would silently drop the other.
 */
export function renameField(from: string, to: string, provider: string): BodyRule {
  return (body) => {
    const value = body[from];
    if (value === undefined) return ok(body);
    if (body[to] !== undefined && body[to] !== value) {
      return err(
        newInvalidRequestError(from, `and ${to} are both set, to different values; ${provider} reads ${to}`),
      );
    }
    return ok({ ...without(body, from), [to]: value });
  };
}

/** Refuses, as `invalid_request` naming it, the first of the fields a provider is known to reject. */
export function rejectFields(fields: readonly string[], provider: string, why: string): BodyRule {
  return (body) => {
    const field = fields.find((name) => body[name] !== undefined);
    return field === undefined
      ? ok(body)
      : err(newInvalidRequestError(field, `is not accepted by ${provider} (${why}); remove it`));
  };
}

/** Leaves out fields a provider has no use for and would refuse, when what they ask for happens anyway. */
export function dropFields(fields: readonly string[]): BodyRule {
  return (body) => ok(fields.reduce(without, body));
}

/** Applies a rule to one endpoint only. */
export function onEndpoint(endpoint: ProviderEndpoint, rule: BodyRule): BodyRule {
  return (body, target) => (target === endpoint ? rule(body, target) : ok(body));
}

/** Refuses `n` other than 1, for servers that only ever return one choice. */
export function onlyOneChoice(provider: string): BodyRule {
  return (body) =>
    body.n === undefined || body.n === 1
      ? ok(body)
      : err(newInvalidRequestError("n", `must be 1 for ${provider}, got ${String(body.n)}`));
}
