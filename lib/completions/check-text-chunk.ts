import { type ChunkProblem, isObject, isText, newChunkCheck, textOrNull } from "../streaming/chunk-check.ts";

function checkChoice(choice: unknown): ChunkProblem | undefined {
  if (!isObject(choice)) return { field: "", expected: "an object" };
  const { index } = choice;
  if (!(Number.isInteger(index) && (index as number) >= 0)) {
    return { field: ".index", expected: "a non-negative integer" };
  }
  if (!isText(choice.text)) return { field: ".text", expected: textOrNull };
  if (!isText(choice.finish_reason)) return { field: ".finish_reason", expected: textOrNull };
  return undefined;
}

/**
 * Checks a parsed text completion chunk (`choices[].text`) where chatwire reads it, the way `checkChunk`
 * does for chat chunks: a chunk without `choices` gets an empty array; every other field is left as sent.
 */
export const checkTextChunk: (chunk: unknown) => ChunkProblem | undefined = newChunkCheck(checkChoice);
