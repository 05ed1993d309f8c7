import type { ChunkProblem } from "../streaming/chunk-check.ts";

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === "string";

function checkChoice(choice: unknown): ChunkProblem | undefined {
  if (!isObject(choice)) return { field: "", expected: "an object" };
  const { index } = choice;
  if (!(Number.isInteger(index) && (index as number) >= 0)) {
    return { field: ".index", expected: "a non-negative integer" };
  }
  if (!isText(choice.text)) return { field: ".text", expected: "a string or null" };
  if (!isText(choice.finish_reason)) return { field: ".finish_reason", expected: "a string or null" };
  return undefined;
}

/**
 * Checks a parsed text completion chunk (`choices[].text`) where chatwire reads it, the way `checkChunk`
 * does for chat chunks: a chunk without `choices` gets an empty array; every other field is left as sent.
 */
export function checkTextChunk(chunk: unknown): ChunkProblem | undefined {
  if (!isObject(chunk)) return { field: "", expected: "a JSON object" };
  const { choices } = chunk;
  if (choices === undefined || choices === null) chunk.choices = [];
  else if (!Array.isArray(choices)) return { field: "choices", expected: "an array" };
  else {
    for (let i = 0; i < choices.length; i++) {
      const problem = checkChoice(choices[i]);
      if (problem !== undefined) return { field: `choices.${i}${problem.field}`, expected: problem.expected };
    }
  }
  const { usage } = chunk;
  if (usage === undefined || usage === null) return undefined;
  if (!isObject(usage)) return { field: "usage", expected: "an object or null" };
  if (typeof usage.prompt_tokens !== "number") return { field: "usage.prompt_tokens", expected: "a number" };
  if (typeof usage.completion_tokens !== "number") {
    return { field: "usage.completion_tokens", expected: "a number" };
  }
  return undefined;
}
