import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError, DecodeError } from "../errors/chatwire-error.ts";
import { newDecodeError } from "../errors/new-errors.ts";
import type { CallGuard } from "./call-guard.ts";
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
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (!(Number.isSafeInteger(length) && length > maxBytes)) return false;
  const encoding = response.headers.get("content-encoding")?.trim() ?? "";
  return encoding === "" || encoding.toLowerCase() === "identity";
}

async function readUpTo(
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
  const text = (): string => (keepPartial ? pieces.join("") + decoder.decode() : "");
  const stop = (failure: ChatwireError): BodyPrefix => {
    guard.abort(failure);
    void reader.cancel();
    return { text: text(), failure };
  };
  // A body announced too big is refused unread, unless its start is worth keeping.
  if (!keepPartial && isDeclaredOver(response, maxBytes)) return stop(tooLargeError(what, maxBytes));
  let total = 0;
  for (;;) {
    const read = await ResultAsync.fromPromise(reader.read(), (error) =>
      toTransportError(error, guard, `reading ${what}`, secrets),
    );
    if (read.isErr()) return { text: text(), failure: read.error };
    const { done, value } = read.value;
    if (done) return { text: pieces.join("") + decoder.decode(), failure: undefined };
    guard.touch();
    const room = maxBytes - total;
    total += value.byteLength;
    if (total > maxBytes) {
      if (keepPartial) pieces.push(decoder.decode(value.subarray(0, room), { stream: true }));
      return stop(tooLargeError(what, maxBytes));
    }
    pieces.push(decoder.decode(value, { stream: true }));
  }
}

/**
 * Reads a body as UTF-8 text, keeping at most `maxBytes` of it: past the bound the connection is closed
 * through the guard and the text read so far is kept. Never
 * rejects; a failed read ends the prefix with its failure. For error bodies, whose start is worth keeping.
 */
export function readBodyPrefix(
  response: HttpReply,
  guard: CallGuard,
  maxBytes: number,
  what: string,
  secrets: readonly string[],
): Promise<BodyPrefix> {
  return readUpTo(response, guard, maxBytes, what, secrets, true);
}

/**
 * Reads a whole response body as UTF-8 text, at most `maxBytes` of it: past that (or when `Content-Length`
 * already says so) the connection is closed and a `decode` error returned, so memory stays bounded
 * whatever the server sends; at most one read beyond the bound is ever held.
 */
export async function readBoundedText(
  response: HttpReply,
  guard: CallGuard,
  maxBytes: number,
  what: string,
  secrets: readonly string[],
): Promise<Result<string, ChatwireError>> {
  const read = await readUpTo(response, guard, maxBytes, what, secrets, false);
  return read.failure === undefined ? ok(read.text) : err(read.failure);
}
