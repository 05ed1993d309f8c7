import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RecordedChunk } from "../../lib/testing/index.ts";

/** The folder of the real llama.cpp recordings. */
export const llamaRecordings: string = fileURLToPath(
  new URL("../fixtures/recordings/llama-server/", import.meta.url),
);

/** The names of the real llama.cpp recordings, in order. */
export const llamaRecordingNames: readonly string[] = readdirSync(llamaRecordings)
  .filter((name) => name.endsWith(".json"))
  .sort();

/** Microseconds: the resolution of the recordings' `atMs`. */
export const toMicroseconds = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Reads a body to its end as the recorder would store it: each piece as read, base64, with its arrival
 * time since `startMs` on the given clock.
 */
export async function readTimedChunks(
  body: ReadableStream<Uint8Array> | null,
  now: () => number,
  startMs: number,
): Promise<RecordedChunk[]> {
  const chunks: RecordedChunk[] = [];
  if (body === null) return chunks;
  for await (const bytes of body) {
    chunks.push({ atMs: toMicroseconds(now() - startMs), base64: Buffer.from(bytes).toString("base64") });
  }
  return chunks;
}

/** One SSE event of a recorded stream: its parsed data and the arrival of the piece that completed it. */
export interface RecordedEvent {
  readonly atMs: number;
  readonly data: unknown;
}

/** The `data:` events of a recorded SSE body (llama.cpp separates them with a blank line), `[DONE]` left out. */
export function recordedEvents(chunks: readonly RecordedChunk[]): RecordedEvent[] {
  const decoder = new TextDecoder();
  const events: RecordedEvent[] = [];
  let pending = "";
  for (const chunk of chunks) {
    pending += decoder.decode(Buffer.from(chunk.base64, "base64"), { stream: true });
    for (let end = pending.indexOf("\n\n"); end !== -1; end = pending.indexOf("\n\n")) {
      const event = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (event.startsWith("data: ") && event !== "data: [DONE]") {
        events.push({ atMs: chunk.atMs, data: JSON.parse(event.slice("data: ".length)) });
      }
    }
  }
  return events;
}
