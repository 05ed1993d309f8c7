import type { HttpError } from "../errors/chatwire-error.ts";
import { toSnippet } from "../errors/new-errors.ts";
import { definedOnly } from "../internal/defined-only.ts";
import { parseJson } from "../internal/json.ts";
import { redactSecrets } from "../internal/secret.ts";
import type { HeaderLookup } from "./http-reply.ts";
import { isRetryableStatus } from "./retry-policy.ts";
import { parseServerError } from "./server-error.ts";

const requestIdHeaders = ["x-request-id", "request-id", "x-amzn-requestid"] as const;

/**
 * The request id a server sent in its headers, or in its error body (`request_id`, Mistral), with the given
 * secrets removed: a server may echo anything back, the key included.
 */
export function requestIdOf(
  headers: HeaderLookup,
  body?: unknown,
  secrets: readonly string[] = [],
): string | undefined {
  for (const name of requestIdHeaders) {
    const value = headers.get(name);
    if (value !== null && value !== "") return redactSecrets(value, secrets);
  }
  const fromBody = (body as { request_id?: unknown } | undefined)?.request_id;
  return typeof fromBody === "string" && fromBody !== "" ? redactSecrets(fromBody, secrets) : undefined;
}

/** Where an HTTP error comes from: the request and the response headers, and the secrets to keep out of it. */
export interface HttpSource {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderLookup;
  readonly secrets: readonly string[];
}

/**
 * Creates an `http` error from a failed response: the server's own message, type, code and param (whatever
 * shape its body had), the request id, and the body, every secret removed even if the server echoed it.
 * It is retryable when its status is (see {@link isRetryableStatus}).
 */
export function newHttpError(
  source: HttpSource,
  status: number,
  text: string,
  retryAfterMs?: number,
): HttpError {
  const { secrets } = source;
  const body = redactSecrets(text, secrets);
  const json = parseJson(body).unwrapOr(undefined);
  const details = parseServerError(json, body);
  // The key part of a long server message is often at its end (vLLM lists every model, then names yours),
  // so the message keeps far more of it than the body snippet does, while staying bounded.
  const said = details.serverMessage === undefined ? "" : `: ${toSnippet(details.serverMessage, 2_000)}`;
  return {
    kind: "http",
    message: `${source.method} ${redactSecrets(source.url, secrets)} → ${status}${said}`,
    status,
    ...details,
    ...definedOnly({ requestId: requestIdOf(source.headers, json, secrets), retryAfterMs }),
    bodySnippet: toSnippet(body),
    body,
    retryable: isRetryableStatus(status),
  };
}
