/** The first field of a chunk that does not fit: its dotted path and what it should have been. */
export interface ChunkProblem {
  /** `choices.0.delta.content`; empty for the chunk itself. */
  readonly field: string;
  readonly expected: string;
}

type Fields = Record<string, unknown>;

/** An object that is not an array. */
export const isObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `undefined`, `null` or a string: how every optional text field of a chunk may come. */
export const isText = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === "string";

export const textOrNull = "a string or null";

function checkToolCall(call: unknown): ChunkProblem | undefined {
  if (!isObject(call)) return { field: "", expected: "an object" };
  const { index } = call;
  if (index !== undefined && index !== null && !(Number.isInteger(index) && (index as number) >= 0)) {
    return { field: ".index", expected: "a non-negative integer" };
  }
  if (!isText(call.id)) return { field: ".id", expected: textOrNull };
  if (!isText(call.type)) return { field: ".type", expected: textOrNull };
  const fn = call.function;
  if (fn === undefined || fn === null) return undefined;
  if (!isObject(fn)) return { field: ".function", expected: "an object" };
  if (!isText(fn.name)) return { field: ".function.name", expected: textOrNull };
  if (!isText(fn.arguments)) return { field: ".function.arguments", expected: textOrNull };
  return undefined;
}

function checkDelta(delta: Fields): ChunkProblem | undefined {
  if (!isText(delta.role)) return { field: ".role", expected: textOrNull };
  const { content } = delta;
  if (!isText(content) && !Array.isArray(content)) {
    return { field: ".content", expected: "a string, an array of parts or null" };
  }
  if (!isText(delta.refusal)) return { field: ".refusal", expected: textOrNull };
  if (!isText(delta.reasoning_content)) return { field: ".reasoning_content", expected: textOrNull };
  if (!isText(delta.reasoning)) return { field: ".reasoning", expected: textOrNull };
  const calls = delta.tool_calls;
  if (calls === undefined || calls === null) return undefined;
  if (!Array.isArray(calls)) return { field: ".tool_calls", expected: "an array or null" };
  for (let i = 0; i < calls.length; i++) {
    const problem = checkToolCall(calls[i]);
    if (problem !== undefined)
      return { field: `.tool_calls.${i}${problem.field}`, expected: problem.expected };
  }
  return undefined;
}

function checkChoice(choice: unknown): ChunkProblem | undefined {
  if (!isObject(choice)) return { field: "", expected: "an object" };
  const { index } = choice;
  if (!(Number.isInteger(index) && (index as number) >= 0)) {
    return { field: ".index", expected: "a non-negative integer" };
  }
  if (!isText(choice.finish_reason)) return { field: ".finish_reason", expected: textOrNull };
  const delta = choice.delta;
  // A missing delta is harmless (some servers leave it off the finish chunk): an empty one stands in.
  if (delta === undefined || delta === null) {
    choice.delta = {};
    return undefined;
  }
  if (!isObject(delta)) return { field: ".delta", expected: "an object" };
  const problem = checkDelta(delta);
  return problem === undefined ? undefined : { field: `.delta${problem.field}`, expected: problem.expected };
}

/** Checks one choice of a chunk; `field` is relative to the choice (`.delta.content`). */
export type ChoiceCheck = (choice: unknown) => ChunkProblem | undefined;

/**
 * Makes a chunk check from a choice check: the chunk's `choices` (each by `checkChoice`) and `usage`; a chunk
 * without `choices` gets an empty array, set on the parsed object itself. Text completion chunks
 * (`/v1/completions`) use it with their own choice check.
 */
export function newChunkCheck(checkChoice: ChoiceCheck): (chunk: unknown) => ChunkProblem | undefined {
  return (chunk) => {
    if (!isObject(chunk)) return { field: "", expected: "a JSON object" };
    const { choices } = chunk;
    if (choices === undefined || choices === null) chunk.choices = [];
    else if (!Array.isArray(choices)) return { field: "choices", expected: "an array" };
    else {
      for (let i = 0; i < choices.length; i++) {
        const problem = checkChoice(choices[i]);
        if (problem !== undefined)
          return { field: `choices.${i}${problem.field}`, expected: problem.expected };
      }
    }
    const { usage } = chunk;
    if (usage === undefined || usage === null) return undefined;
    if (!isObject(usage)) return { field: "usage", expected: "an object or null" };
    if (typeof usage.prompt_tokens !== "number")
      return { field: "usage.prompt_tokens", expected: "a number" };
    if (typeof usage.completion_tokens !== "number") {
      return { field: "usage.completion_tokens", expected: "a number" };
    }
    return undefined;
  };
}

/**
 * Checks, by hand and without copying, exactly the fields of a parsed chunk that chatwire reads: `choices`
 * (index, finish reason, the delta's role, content, refusal, reasoning and tool calls) and `usage`. Every
 * other field is left as sent. A chunk without `choices` gets an empty array and a choice without `delta`
 * an empty object, set on the parsed object itself (known keys only). Returns the first problem, or
 * `undefined` when the chunk fits.
 */
export const checkChunk: (chunk: unknown) => ChunkProblem | undefined = newChunkCheck(checkChoice);
