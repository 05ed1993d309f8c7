import { ResultAsync } from "neverthrow";
import type { ChatwireError, DecodeError } from "../errors/chatwire-error.ts";
import { newDecodeError } from "../errors/new-errors.ts";
import { abortGuard, type CallGuard, touchGuard } from "./call-guard.ts";
import type { HttpReply } from "./http-reply.ts";
import { toTransportError } from "./transport-error.ts";

/** What was read of a body: its text (up to the bound) and, when reading stopped early, why. */
export interface BodyPrefix {
  readonly text: string;
  /** Why reading stopped before the end: the body passed the bound, the read failed, or the guard fired. */
  readonly failure: ChatwireError | undefined;
}

function tooLargeError(what: string, maxBytes: number): DecodeError {
  return newDecodeError(`${what} is larger than the ${maxBytes}-byte limit (maxBodyBytes)`);
}

/**
 * Whether the declared length is over the bound and is the length of what will be read (not of a
 * compressed body). The encoding is looked up only for a length over the bound: one header read per body.
 */
function isDeclaredOver(response: HttpReply, maxBytes: number): boolean {
  // No header reads as 0, never over the bound.
  const length = Number(response.headers.get("content-length"));
  return (
    length > maxBytes &&
    Number.isSafeInteger(length) &&
    /^(identity)?$/i.test(response.headers.get("content-encoding")?.trim() ?? "")
  );
}

/**
 * Reads a body as UTF-8 text, at most `maxBytes` of it: past that (or, unless `keepPartial`, when
 * `Content-Length` already says so) the connection is closed through the guard and `failure` says why, so
 * memory stays bounded whatever the server sends; at most one read beyond the bound is ever held. Never
 * rejects; a failed read ends the text with its failure. With `keepPartial` (error bodies, whose start is
 * worth keeping) the text read before a failure is kept; without it, that text is empty.
 */
export async function readBody(
  response: HttpReply,
  guard: CallGuard,
  maxBytes: number,
  what: string,
  secrets: readonly string[],
  keepPartial: boolean,
): Promise<BodyPrefix> {
  const reader = response.body;
  // Decoding each read as it comes keeps no bytes alive: memory is the text itself, not bytes plus text.
  const decoder = new TextDecoder();
  const pieces: string[] = [];
  const text = (): string => pieces.join("") + decoder.decode();
  const stop = (failure: ChatwireError): BodyPrefix => {
    abortGuard(guard, failure);
    void reader.cancel();
    return { text: keepPartial ? text() : "", failure };
  };
  // A body announced too big is refused unread, unless its start is worth keeping.
  if (!keepPartial && isDeclaredOver(response, maxBytes)) return stop(tooLargeError(what, maxBytes));
  let total = 0;
  for (;;) {
    const read = await ResultAsync.fromPromise(reader.read(), (error) =>
      toTransportError(error, guard, `reading ${what}`, secrets),
    );
    if (read.isErr()) return { text: keepPartial ? text() : "", failure: read.error };
    const { done, value } = read.value;
    if (done) return { text: text(), failure: undefined };
    touchGuard(guard);
    const room = maxBytes - total;
    total += value.byteLength;
    if (total > maxBytes) {
      if (keepPartial) pieces.push(decoder.decode(value.subarray(0, room), { stream: true }));
      return stop(tooLargeError(what, maxBytes));
    }
    pieces.push(decoder.decode(value, { stream: true }));
  }
}
