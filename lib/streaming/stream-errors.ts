import * as v from "valibot";
import type { DecodeError, HttpError, NetworkError } from "../errors/chatwire-error.ts";
import { newDecodeError, newNetworkError, newShapeError, toSnippet } from "../errors/new-errors.ts";
import { redactSecrets } from "../internal/secret.ts";
import { serverErrorBodySchema } from "../schema/server-error-schema.ts";
import type { HeaderLookup } from "../transport/http-reply.ts";
import { newHttpError } from "../transport/new-http-error.ts";

/** What a stream knows about its call, for the errors it reports. */
export interface StreamCall {
  readonly method: string;
  readonly url: string;
  /** The status of the response the stream came in (2xx). */
  readonly status: number;
  readonly headers: HeaderLookup;
  readonly secrets: readonly string[];
}

const asStatus = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599 ? value : undefined;

/**
 * An error the server sent inside a stream (`event: error`, or a chunk with an `error` field): an `http`
 * error with the server's own message, code and type. Its status is the one the error body names
 * (`status_code`, or a numeric `code`), else the status of the streaming response.
 */
export function newStreamServerError(call: StreamCall, data: string, body: unknown): HttpError {
  const parsed = v.safeParse(serverErrorBodySchema, body);
  const fields = parsed.success && typeof parsed.output.error === "object" ? parsed.output.error : {};
  const failure = newHttpError(
    call,
    asStatus(fields.status_code) ?? asStatus(fields.code) ?? call.status,
    data,
  );
  const said = failure.serverMessage === undefined ? "" : `: ${toSnippet(failure.serverMessage)}`;
  return {
    ...failure,
    message: `${call.method} ${redactSecrets(call.url, call.secrets)} → ${call.status}, then the server sent an error in the stream${said}`,
  };
}

/**
 * A stream that ended (no `[DONE]`) before every choice had its finish reason, its last event cut short
 * included (see `endSse`).
 */
export function newTruncatedError(finished: number, expected: number): NetworkError {
  return newNetworkError(
    `the stream ended before it was complete: no [DONE], and ${finished} of ${expected} choice(s) finished`,
    "truncated",
  );
}

/** A single SSE event larger than the client's bound. */
export function newEventTooLargeError(maxEventBytes: number): DecodeError {
  return newDecodeError(`a stream event is larger than the ${maxEventBytes}-byte limit (maxEventBytes)`);
}

/** An event whose data is not JSON; the snippet of it has every secret removed. */
export function newChunkNotJsonError(
  call: StreamCall,
  chunkNumber: number,
  data: string,
  reason: string,
): DecodeError {
  const snippet = redactSecrets(data, call.secrets);
  return newDecodeError(`stream chunk ${chunkNumber} is not JSON: ${reason}`, undefined, snippet);
}

/** A chunk that is JSON but not a chunk where chatwire reads it; the snippet of it has every secret removed. */
export function newChunkShapeError(
  call: StreamCall,
  chunkNumber: number,
  issue: v.BaseIssue<unknown>,
  data: string,
): DecodeError {
  return newShapeError(`stream chunk ${chunkNumber}`, issue, redactSecrets(data, call.secrets));
}

/** A response body that holds no SSE event, only lines that are not SSE (the first one, secrets removed, is the snippet). */
export function newNotSseError(call: StreamCall, strayLine: string): DecodeError {
  return newDecodeError(
    "the response is not an SSE stream: it holds no event",
    undefined,
    redactSecrets(strayLine, call.secrets),
  );
}
