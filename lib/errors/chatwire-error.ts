import type { AttemptRecord } from "./attempt-record.ts";

/** Every kind of failure chatwire reports. Hint: switch on `error.kind`. */
export type ChatwireErrorKind = ChatwireError["kind"];

/** The request was rejected before any network call: a bad option value, header or base URL. */
export interface InvalidRequestError {
  readonly kind: "invalid_request";
  /** A short human sentence naming the field and what is wrong with it. */
  readonly message: string;
  /** The request field (or client setting) at fault, as a dotted path: `temperature`, `messages`, `baseUrl`. */
  readonly field: string;
  readonly retryable: false;
}

/** The server answered with a status chatwire does not treat as success. */
export interface HttpError {
  readonly kind: "http";
  /** `POST <url> → <status>: <the server's own message>`. */
  readonly message: string;
  readonly status: number;
  /** The server's own error message, whatever shape its body had. */
  readonly serverMessage?: string;
  /** The server's error type (`invalid_request_error`, `error_type`...), when its body has one. */
  readonly type?: string;
  /** The server's error code, a string or a number as sent. */
  readonly code?: string | number;
  /** The request parameter the server blamed, when it says. */
  readonly param?: string;
  /** The request id the server sent (`x-request-id` and friends), when it sent one. */
  readonly requestId?: string;
  /** How long the server asked us to wait (`Retry-After`, `retry-after-ms`), in milliseconds. */
  readonly retryAfterMs?: number;
  /** The first 512 characters of the body, for messages and logs. */
  readonly bodySnippet: string;
  /** The whole body as text (bounded by the client's maximum body size). */
  readonly body: string;
  /** Every attempt made before giving up, when the call got that far. */
  readonly attempts?: readonly AttemptRecord[];
  readonly retryable: boolean;
}

/** Which wait ran out. */
export type TimeoutPhase = "total" | "first_byte" | "idle" | "stream";

/**
 * A wait ran out: the whole call, the wait for the first response byte, the gap between stream chunks, or
 * the whole stream (`withStreamTimeout`).
 */
export interface TimeoutError {
  readonly kind: "timeout";
  readonly message: string;
  readonly timeout: TimeoutPhase;
  readonly timeoutMs: number;
  /** Every attempt made before giving up, when the call got that far. */
  readonly attempts?: readonly AttemptRecord[];
  readonly retryable: true;
}

/** The caller's `AbortSignal` fired. */
export interface AbortedError {
  readonly kind: "aborted";
  readonly message: string;
  /** Every attempt made before giving up, when the call got that far. */
  readonly attempts?: readonly AttemptRecord[];
  readonly retryable: false;
}

/** The connection failed or dropped: DNS, refused, reset, TLS, a body cut short. */
export interface NetworkError {
  readonly kind: "network";
  readonly message: string;
  /** The underlying cause as text (`ECONNREFUSED`, `terminated`...), secrets removed. */
  readonly cause?: string;
  /** Every attempt made before giving up, when the call got that far. */
  readonly attempts?: readonly AttemptRecord[];
  readonly retryable: boolean;
}

/** The server's bytes could not be read as what chatwire needs: not JSON, not SSE, or not the right shape. */
export interface DecodeError {
  readonly kind: "decode";
  readonly message: string;
  /** The path of the first field that did not fit (`choices.0.message`), when the body was JSON. */
  readonly field?: string;
  /** The first 512 characters of what was received. */
  readonly bodySnippet?: string;
  /** Every attempt made before giving up, when the call got that far. */
  readonly attempts?: readonly AttemptRecord[];
  readonly retryable: false;
}

/** The model's output could not be used as asked: missing, not JSON, or not matching the schema. */
export interface OutputError {
  readonly kind: "output";
  readonly message: string;
  readonly reason: "missing_content" | "not_json" | "schema_mismatch" | "unknown_tool" | "max_steps";
  /** The path of the first mismatch, when the reason is a schema mismatch. */
  readonly path?: string;
  readonly retryable: false;
}

/**
 * The one error type of chatwire's public API: a plain, serialisable object discriminated by `kind`.
 *
 * @example
 * ```ts
 * if (result.isErr()) {
 *   const error = result.error;
 *   if (error.kind === "http" && error.status === 429) console.log(error.retryAfterMs);
 * }
 * ```
 */
export type ChatwireError =
  | InvalidRequestError
  | HttpError
  | TimeoutError
  | AbortedError
  | NetworkError
  | DecodeError
  | OutputError;

const kinds: ReadonlySet<string> = new Set([
  "invalid_request",
  "http",
  "timeout",
  "aborted",
  "network",
  "decode",
  "output",
]);

/**
 * Tells whether a value is a {@link ChatwireError}.
 *
 * @example
 * ```ts
 * if (isChatwireError(value)) console.error(value.kind, value.message);
 * ```
 */
export function isChatwireError(value: unknown): value is ChatwireError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { kind?: unknown; message?: unknown; retryable?: unknown };
  return (
    typeof candidate.kind === "string" &&
    kinds.has(candidate.kind) &&
    typeof candidate.message === "string" &&
    typeof candidate.retryable === "boolean"
  );
}
