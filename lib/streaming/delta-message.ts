import { contentText } from "../messages/content-text.ts";
import type { ChunkDelta, WireChunk } from "../schema/chunk-schema.ts";

/**
 * Gives the delta of a chunk's first choice, or `undefined` when the chunk has no choice (a usage chunk,
 * Azure's first chunk, the error chunk).
 * Hint: `deltaText(chunk)` gives its text; `collectStream(stream)` assembles the whole message instead.
 * @example
 * ```ts
 * for await (const chunk of stream) console.log(deltaMessage(chunk)?.tool_calls);
 * ```
 */
export function deltaMessage(chunk: WireChunk): ChunkDelta | undefined {
  return chunk.choices[0]?.delta;
}

/**
 * Gives the text a chunk adds to its first choice: the string content, or the text parts of an array content
 * joined (Mistral), or `""` when it adds none (a tool call delta, a usage chunk, the last chunk). The stream
 * counterpart of `assistantText(response)`.
 * @example
 * ```ts
 * for await (const chunk of stream) process.stdout.write(deltaText(chunk));
 * ```
 */
export function deltaText(chunk: WireChunk): string {
  return contentText(chunk.choices[0]?.delta?.content) ?? "";
}
