import { err, ok, type Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import type { ProviderEndpoint, ProviderPreset, WireBody } from "./provider-preset.ts";

/** A request about to be sent: the body after the provider's mapping, and the path it goes to. */
export interface PreparedBody {
  readonly path: string;
  readonly body: WireBody;
}

/** Where a chat or text completion goes when the provider names no path of its own (OpenAI's paths). */
export function endpointPath(endpoint: ProviderEndpoint): string {
  return endpoint === "chat" ? "chat/completions" : "completions";
}

/**
 * Applies a provider preset to a validated body: its path for the endpoint and model, and its body mapping
 * (renamed fields, refused fields as `invalid_request`). `withProvider` makes it the client's
 * `prepareBody`, so that clients without a provider never carry it.
 */
export function prepareBody(
  preset: ProviderPreset,
  endpoint: ProviderEndpoint,
  body: WireBody & { readonly model: string },
): Result<PreparedBody, InvalidRequestError> {
  const pathOf = preset.paths?.[endpoint];
  if (pathOf === false) {
    return err(
      newInvalidRequestError("completions", `are not offered by ${preset.name}; use chatCompletion`),
    );
  }
  const path = pathOf?.(body.model) ?? endpointPath(endpoint);
  return (preset.mapBody?.(body, endpoint) ?? ok(body)).map((sent) => ({ path, body: sent }));
}

/** The path of the model list for a provider (`models` without one). */
export function modelsPath(preset: ProviderPreset | undefined): string {
  return preset?.paths?.models ?? "models";
}
