import { parseJson } from "../internal/json.ts";
import { redactSecrets } from "../internal/secret.ts";
import type { HeaderLookup } from "../transport/http-reply.ts";
import type { HttpError } from "./chatwire-error.ts";
import { toSnippet } from "./new-errors.ts";
import { parseServerError } from "./server-error.ts";

const messageLength = 2_000;

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

/** What an HTTP error is made from. */
export interface HttpFailure {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderLookup;
  readonly text: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly secrets: readonly string[];
}

/**
 * Creates an `http` error from a failed response: the server's own message, type, code and param (whatever
 * shape its body had), the request id, and the body, every secret removed even if the server echoed it.
 */
export function newHttpError(failure: HttpFailure): HttpError {
  const text = redactSecrets(failure.text, failure.secrets);
  const body = parseJson(text).unwrapOr(undefined);
  const details = parseServerError(body, text);
  const requestId = requestIdOf(failure.headers, body, failure.secrets);
  // The key part of a long server message is often at its end (vLLM lists every model, then names yours),
  // so the message keeps far more of it than the body snippet does, while staying bounded.
  const said =
    details.serverMessage === undefined ? "" : `: ${toSnippet(details.serverMessage, messageLength)}`;
  const url = redactSecrets(failure.url, failure.secrets);
  return {
    kind: "http",
    message: `${failure.method} ${url} → ${failure.status}${said}`,
    status: failure.status,
    ...details,
    ...(requestId === undefined ? {} : { requestId }),
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    bodySnippet: toSnippet(text),
    body: text,
    retryable: failure.retryable,
  };
}
