import * as v from "valibot";
import { completeChunk } from "./complete-chunk.ts";
import { indexSchema, optionalText } from "./tool-call-schemas.ts";
import { optionalUsage, type Usage } from "./usage-schema.ts";

/** One choice of a text completion, as sent. */
export interface TextCompletionChoice {
  readonly index: number;
  readonly text: string;
  /** Why generation stopped, kept as the server sent it (`stop`, `length`, `eos`...). */
  readonly finish_reason: string | null;
  readonly logprobs?: unknown;
  readonly [field: string]: unknown;
}

/** The answer of `POST /completions`, as the server sent it: checked where chatwire reads it, every other field kept. */
export interface WireTextCompletion {
  readonly id: string;
  readonly object?: string;
  readonly created?: number;
  readonly model: string;
  readonly choices: readonly TextCompletionChoice[];
  readonly usage?: Usage | null;
  readonly [field: string]: unknown;
}

/** One choice of a text completion chunk. */
export interface TextCompletionChunkChoice {
  readonly index: number;
  /** The text this chunk adds. */
  readonly text?: string | null;
  readonly finish_reason?: string | null;
  readonly logprobs?: unknown;
  readonly [field: string]: unknown;
}

/** A text completion chunk as the server sent it. */
export interface WireTextCompletionChunk {
  readonly id?: string;
  readonly object?: string;
  readonly created?: number;
  readonly model?: string;
  /** Always an array: a chunk sent without `choices` gets an empty one. */
  readonly choices: readonly TextCompletionChunkChoice[];
  readonly usage?: Usage | null;
  readonly [field: string]: unknown;
}

/**
 * The body of a non-streaming `POST /completions` answer, where chatwire reads it: `id`, `model`,
 * `created`, each choice's `index`, `text` and `finish_reason`, and `usage`.
 */
export const textCompletionSchema: v.GenericSchema<unknown, WireTextCompletion> = v.object({
  id: v.string(),
  model: v.string(),
  created: v.exactOptional(v.number()),
  choices: v.array(v.object({ index: v.number(), text: v.string(), finish_reason: v.nullable(v.string()) })),
  usage: optionalUsage,
});

/**
 * One parsed chunk of a text completion stream, where chatwire reads it: each choice's `index`, `text` and
 * `finish_reason`, and `usage`; completed in place like `chunkSchema` (`choices: []` when missing,
 * `"error": null` dropped), so `v.is` keeps the parsed object.
 */
export const textChunkSchema: v.GenericSchema<unknown, WireTextCompletionChunk> = v.pipe(
  v.unknown(),
  v.transform((value: unknown) => completeChunk(value, false)),
  v.object({
    choices: v.array(v.object({ index: indexSchema, text: optionalText, finish_reason: optionalText })),
    usage: optionalUsage,
  }),
);
