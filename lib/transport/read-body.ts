import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newDecodeError } from "../errors/new-errors.ts";
import type { CallGuard } from "./call-guard.ts";
import { toTransportError } from "./transport-error.ts";

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Reads a whole response body as UTF-8 text, at most `maxBytes` of it: past that the connection is
 * closed and a `decode` error returned, so memory stays bounded whatever the server sends.
 */
export async function readBoundedText(
  response: Response,
  guard: CallGuard,
  maxBytes: number,
  what: string,
  secrets: readonly string[],
): Promise<Result<string, ChatwireError>> {
  const body = response.body;
  if (body === null) return ok("");
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const read = await ResultAsync.fromPromise(reader.read(), (error) =>
      toTransportError(error, guard, `reading ${what}`, secrets),
    );
    if (read.isErr()) return err(read.error);
    const { done, value } = read.value;
    if (done) break;
    guard.touch();
    total += value.byteLength;
    if (total > maxBytes) {
      const tooLarge = newDecodeError(`${what} is larger than the ${maxBytes}-byte limit (maxBodyBytes)`);
      guard.abort(tooLarge);
      void reader.cancel().catch(() => undefined);
      return err(tooLarge);
    }
    chunks.push(value);
  }
  return ok(new TextDecoder().decode(concat(chunks, total)));
}
