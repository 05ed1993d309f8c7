import type { ChatwireError } from "../errors/chatwire-error.ts";
import { redactSecrets } from "../internal/secret.ts";

/**
 * Removes every secret from an error's text fields (message, body, snippet, cause, server message): a
 * server may echo the key back anywhere, in a body, a header or a shape a validator then quotes.
 */
export function withoutSecrets<E extends ChatwireError>(error: E, secrets: readonly string[]): E {
  if (secrets.length === 0) return error;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(error)) {
    out[field] = typeof value === "string" ? redactSecrets(value, secrets) : value;
  }
  return out as E;
}
