import * as v from "valibot";
import { completeChunk } from "./complete-chunk.ts";
import { optionalContent } from "./content-schema.ts";
import { indexSchema, optionalText, type ToolCallDelta, toolCallDeltaSchema } from "./tool-call-schemas.ts";
import { optionalUsage, type Usage } from "./usage-schema.ts";

/** What one chunk adds to a choice. Providers add fields (`reasoning_content`, `reasoning`) that are kept. */
export interface ChunkDelta {
  readonly role?: string | null;
  /** Text, `null`, or (Mistral's reasoning models) an array of content parts. */
  readonly content?: string | null | readonly unknown[];
  readonly refusal?: string | null;
  readonly tool_calls?: readonly ToolCallDelta[] | null;
  /** Reasoning text (DeepSeek, Qwen, xAI, Z.ai). */
  readonly reasoning_content?: string | null;
  /** Reasoning text (Groq, OpenRouter, Ollama). */
  readonly reasoning?: string | null;
  readonly [field: string]: unknown;
}

/** One choice of a chunk. */
export interface ChunkChoice {
  readonly index: number;
  /** Always an object: a choice sent without `delta` gets an empty one. */
  readonly delta: ChunkDelta;
  /** Set on the chunk that finishes the choice; values beyond the usual five (`eos`, `eos_token`) are kept as sent. */
  readonly finish_reason?: string | null;
  readonly logprobs?: unknown;
  readonly [field: string]: unknown;
}

/** A chunk as the server sent it: checked where chatwire reads it, every other field kept. */
export interface WireChunk {
  readonly id?: string;
  readonly object?: string;
  readonly created?: number;
  readonly model?: string;
  /** Always an array: a chunk sent without `choices` gets an empty one. */
  readonly choices: readonly ChunkChoice[];
  /** Token usage: on its own chunk with `choices: []`, on the finish chunk, or as a running total on every chunk. */
  readonly usage?: Usage | null;
  readonly [field: string]: unknown;
}

const deltaSchema = v.object({
  role: optionalText,
  content: optionalContent,
  refusal: optionalText,
  reasoning_content: optionalText,
  reasoning: optionalText,
  tool_calls: v.exactOptional(v.nullable(v.array(toolCallDeltaSchema))),
});

/**
 * One parsed chunk of a chat completion stream, where chatwire reads it: each choice's `index` (a
 * non-negative integer), `finish_reason` and delta (role, content, refusal, `reasoning_content`,
 * `reasoning`, tool call pieces), and `usage`. Before checking, it completes the parsed object in place
 * (`choices: []` when missing, `delta: {}` when a choice has none, `"error": null` dropped), so `v.is`
 * keeps the parsed object, unknown fields included, and no copy is made per chunk.
 * @example
 * ```ts
 * const chunk: unknown = JSON.parse(data);
 * if (v.is(chunkSchema, chunk)) console.log(chunk.choices.length);
 * ```
 */
export const chunkSchema: v.GenericSchema<unknown, WireChunk> = v.pipe(
  v.unknown(),
  v.transform((value: unknown) => completeChunk(value, true)),
  v.object({
    choices: v.array(v.object({ index: indexSchema, finish_reason: optionalText, delta: deltaSchema })),
    usage: optionalUsage,
  }),
);
