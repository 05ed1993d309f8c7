import { err, errAsync, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newNetworkError } from "../errors/new-errors.ts";
import { describeThrown } from "../internal/describe-value.ts";
import type { ChunkStream } from "./chunk-types.ts";
import { keepExtraFields } from "./extra-fields.ts";
import {
  addEnvelope,
  type CollectedEnvelope,
  type EnvelopeChunk,
  finishEnvelope,
  newEnvelopeDraft,
} from "./stream-envelope.ts";
import { streamProblem } from "./stream-problem.ts";

/**
 * What differs between kinds of stream when collecting one: the response's `object`, and how a choice's
 * pieces fold into a draft (chat: the delta's message and tool calls; text: `text`) and out of it.
 */
export interface ChoiceFold<Choice, Draft, Collected> {
  /** The `object` of the collected response (`chat.completion`, `text_completion`). */
  readonly object: string;
  /** Creates the empty draft of the choice with this index. */
  readonly newDraft: (index: number) => Draft;
  /** Adds one chunk's piece of the choice. */
  readonly add: (draft: Draft, choice: Choice) => void;
  /** The assembled choice, in the shape of a non-streaming one. */
  readonly finish: (draft: Draft) => Collected;
}

/** What the collector reads of a choice: its `index`; the timing reads its `delta` or `text`. */
export interface CollectableChoice {
  readonly index: number;
  readonly delta?: unknown;
  readonly text?: unknown;
}

/** What the collector reads of a chunk: its envelope, its choices (by `index`), and a failed stream's error. */
export interface CollectableChunk<Choice extends CollectableChoice> extends EnvelopeChunk {
  readonly choices: readonly Choice[];
  readonly error?: ChatwireError;
  readonly [field: string]: unknown;
}

/** A response collected from a stream: the envelope, the kind's `object`, the choices and the chunks' other fields. */
export type CollectedChunks<Collected> = CollectedEnvelope & {
  readonly object: string;
  readonly choices: Collected[];
  readonly [field: string]: unknown;
};

const envelopeFields: ReadonlySet<string> = new Set([
  "id",
  "object",
  "created",
  "model",
  "choices",
  "usage",
  "chunkLatencyMs",
  "totalLatencyMs",
  "isLastChunk",
  "error",
]);

/** Folds the choices of a stream's chunks into drafts by `index`, and gives them assembled, in index order. */
export interface ChoiceCollector<Choice, Collected> {
  /** Adds one chunk's choices. */
  readonly add: (choices: readonly Choice[]) => void;
  /** The choices assembled so far, in the shape of a non-streaming response's. */
  readonly finish: () => Collected[];
}

/** Creates a collector of choices that folds them with `fold` (chat or text completion choices). */
export function newChoiceCollector<Choice extends CollectableChoice, Draft, Collected>(
  fold: ChoiceFold<Choice, Draft, Collected>,
): ChoiceCollector<Choice, Collected> {
  const drafts = new Map<number, Draft>();
  return {
    add: (choices) => {
      for (const choice of choices) {
        let draft = drafts.get(choice.index);
        if (draft === undefined) {
          draft = fold.newDraft(choice.index);
          drafts.set(choice.index, draft);
        }
        fold.add(draft, choice);
      }
    },
    finish: () => [...drafts.entries()].sort(([a], [b]) => a - b).map(([, draft]) => fold.finish(draft)),
  };
}

async function collect<Choice extends CollectableChoice, Draft, Collected>(
  stream: ChunkStream<CollectableChunk<Choice>>,
  fold: ChoiceFold<Choice, Draft, Collected>,
): Promise<Result<CollectedChunks<Collected>, ChatwireError>> {
  const envelope = newEnvelopeDraft();
  const extra = new Map<string, unknown>();
  const choices = newChoiceCollector(fold);
  for await (const chunk of stream) {
    if (chunk.error !== undefined) return err(chunk.error);
    addEnvelope(envelope, chunk);
    // A chunk's top level drops empty text too: Azure's first chunk sends `object: ""`.
    keepExtraFields(extra, chunk, envelopeFields, true);
    choices.add(chunk.choices);
  }
  const { id, model, ...meta } = finishEnvelope(envelope, stream);
  return ok({
    id,
    object: fold.object,
    model,
    choices: choices.finish(),
    ...Object.fromEntries(extra),
    ...meta,
  });
}

/**
 * Reads a whole stream of any kind and assembles the response a non-streaming call would have returned:
 * choices by `index` (folded by `fold`); `id` and `model` the first non-empty ones, `created` the first
 * positive one, the last usage sent; every other top-level field's last non-null, non-empty value;
 * `latencyMs` to the last chunk's arrival, and the stream's `timing`. Internal: `collectStream` and
 * `collectCompletionStream` are the public faces.
 * @returns the response, or the error the stream ended with. Never rejects.
 */
export function collectChunks<Choice extends CollectableChoice, Draft, Collected>(
  stream: ChunkStream<CollectableChunk<Choice>>,
  fold: ChoiceFold<Choice, Draft, Collected>,
): ResultAsync<CollectedChunks<Collected>, ChatwireError> {
  const problem = streamProblem(stream);
  if (problem !== undefined) return errAsync(problem);
  // chatwire's streams never reject; this only guards against a hand-made iterable that throws.
  return ResultAsync.fromPromise(collect(stream, fold), (error) =>
    newNetworkError(`reading the stream failed: ${describeThrown(error)}`),
  ).andThen((result) => result);
}
