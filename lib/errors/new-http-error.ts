import { parseJson } from "../internal/json.ts";
import { redactSecrets } from "../internal/secret.ts";
import type { HttpError } from "./chatwire-error.ts";
import { toSnippet } from "./new-errors.ts";
import { parseServerError } from "./server-error.ts";

const requestIdHeaders = ["x-request-id", "request-id", "x-amzn-requestid"] as const;

/** The request id a server sent in its headers, or in its error body (`request_id`, Mistral). */
export function requestIdOf(headers: Headers, body?: unknown): string | undefined {
  for (const name of requestIdHeaders) {
    const value = headers.get(name);
    if (value !== null && value !== "") return value;
  }
  const fromBody = (body as { request_id?: unknown } | undefined)?.request_id;
  return typeof fromBody === "string" && fromBody !== "" ? fromBody : undefined;
}

/** What an HTTP error is made from. */
export interface HttpFailure {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
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
  const requestId = requestIdOf(failure.headers, body);
  const said = details.serverMessage === undefined ? "" : `: ${toSnippet(details.serverMessage)}`;
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
