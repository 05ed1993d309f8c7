import { err, ok, type Result } from "neverthrow";
import type { ClientConfig } from "../client/client-config.ts";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import type { ProviderEndpoint, WireBody } from "./provider-preset.ts";

/** A request about to be sent: the body after the provider's mapping, and the path it goes to. */
export interface PreparedBody {
  readonly path: string;
  readonly body: WireBody;
}

/**
 * Gives a request the client's default model when its own is empty (`withDefaultModel`); a request that
 * names a model, or a client without a default, is left as it is.
 */
export function withDefaultModelOf<R extends { readonly body: { readonly model: string } }>(
  config: ClientConfig,
  request: R,
): R {
  const fallback = config.defaultModel;
  if (
    fallback === undefined ||
    (typeof request.body.model === "string" && request.body.model.trim() !== "")
  ) {
    return request;
  }
  return { ...request, body: { ...request.body, model: fallback } };
}

/**
 * Applies the client's provider to a validated body: its path for the endpoint and model, and its body
 * mapping (renamed fields, refused fields as `invalid_request`).
 */
export function prepareBody(
  config: ClientConfig,
  endpoint: ProviderEndpoint,
  body: WireBody & { readonly model: string },
): Result<PreparedBody, InvalidRequestError> {
  const preset = config.provider;
  const pathOf = preset?.paths?.[endpoint];
  if (pathOf === false) {
    return err(
      newInvalidRequestError("completions", `are not offered by ${preset?.name}; use chatCompletion`),
    );
  }
  const path = pathOf?.(body.model) ?? (endpoint === "chat" ? "chat/completions" : "completions");
  return (preset?.mapBody?.(body, endpoint) ?? ok(body)).map((sent) => ({ path, body: sent }));
}

/** The path of the model list for the client's provider. */
export function modelsPath(config: ClientConfig): string {
  return config.provider?.paths?.models ?? "models";
}
