import { contentText } from "../messages/content-text.ts";
import type { ChunkChoice, ChunkDelta, WireChunk } from "../schema/chunk-schema.ts";

/**
 * Gives the delta a chunk carries for its first choice (`index` 0), or `undefined` when it carries none: a
 * usage chunk, Azure's first chunk, the error chunk, or, with `n` > 1, a chunk of another choice (OpenAI
 * interleaves them; `chunk.choices.find((choice) => choice.index === 1)` reads the second).
 * Hint: `deltaText(chunk)` gives its text; `collectStream(stream)` assembles every choice's message instead.
 * @example
 * ```ts
 * for await (const chunk of stream) console.log(deltaMessage(chunk)?.tool_calls);
 * ```
 */
export function deltaMessage(chunk: WireChunk): ChunkDelta | undefined {
  // From JavaScript, `chunk` may be no chunk at all: that gives `undefined` too.
  const choices = (chunk as Partial<WireChunk> | undefined)?.choices ?? [];
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i] as ChunkChoice;
    if (choice.index === 0) return choice.delta;
  }
  return undefined;
}

/**
 * Gives the text a chunk adds to its first choice (`index` 0): the string content, or the text parts of an
 * array content joined (Mistral), or `""` when it adds none (a tool call delta, a usage chunk, the last
 * chunk, a chunk of another choice). The stream counterpart of `assistantText(response)`: joined over a
 * stream, it gives the collected first choice's text.
 * @example
 * ```ts
 * for await (const chunk of stream) process.stdout.write(deltaText(chunk));
 * ```
 */
export function deltaText(chunk: WireChunk): string {
  return contentText(deltaMessage(chunk)?.content) ?? "";
}
