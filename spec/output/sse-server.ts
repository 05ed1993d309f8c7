// Shared by the streaming output and tool specs: recorded SSE bodies replayed through nock, whole or cut
// into pieces at seeded random byte offsets (so UTF-8 characters and events are split too).
import { Readable } from "node:stream";
import nock from "nock";
import { apiOrigin, fixtureText } from "./fixture-server.ts";

/** A recorded stream, with `data: [DONE]` appended where the recorder dropped it (see PROVENANCE.md). */
export function streamFixture(path: string): string {
  const text = fixtureText(`streams/${path}`);
  const ended = text.includes("data: [DONE]") || text.includes("event: error");
  return ended ? text : `${text.replace(/\n*$/, "\n\n")}data: [DONE]\n\n`;
}

/** Cuts bytes at `count - 1` offsets drawn from a seeded generator. */
export function cutBytes(text: string, count: number, seed: number): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const offsets = [
    ...new Set(Array.from({ length: count - 1 }, () => Math.floor(next() * bytes.length))),
  ].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const offset of [...offsets, bytes.length]) {
    if (offset > from) pieces.push(bytes.subarray(from, offset));
    from = offset;
  }
  return pieces;
}

/** An SSE body built from chunk objects, ending with `[DONE]`. */
export function sseOf(chunks: readonly object[]): string {
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n`;
}

/**
 * Queues SSE replies to `POST /v1/chat/completions`, in order, each cut into `pieces` pieces. Gives the
 * JSON bodies the server received and whether every reply was used.
 */
export function streamInOrder(
  bodies: readonly string[],
  pieces = 1,
  seed = 7,
): { readonly received: unknown[]; readonly isDone: () => boolean } {
  const received: unknown[] = [];
  const scope = nock(apiOrigin);
  bodies.forEach((body, index) => {
    scope
      .post("/v1/chat/completions", (sent) => {
        received.push(sent);
        return true;
      })
      .reply(200, () => Readable.from(cutBytes(body, pieces, seed + index)), {
        "content-type": "text/event-stream",
      });
  });
  return { received, isDone: () => scope.isDone() };
}
