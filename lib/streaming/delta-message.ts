import type { ChunkDelta, WireChunk } from "./chunk-types.ts";

/**
 * Gives the delta of a chunk's first choice, or `undefined` when the chunk has no choice (a usage chunk,
 * Azure's first chunk, the error chunk).
 * Hint: `collectStream(stream)` assembles the whole message instead.
 * @example
 * ```ts
 * for await (const chunk of stream) process.stdout.write(String(deltaMessage(chunk)?.content ?? ""));
 * ```
 */
export function deltaMessage(chunk: WireChunk): ChunkDelta | undefined {
  return chunk.choices[0]?.delta;
}
