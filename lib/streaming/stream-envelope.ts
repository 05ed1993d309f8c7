import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { Usage } from "../schema/usage-schema.ts";
import {
  addChunkTiming,
  finishStreamTiming,
  newTimingDraft,
  type StreamTiming,
  type TimedChunk,
  type TimingDraft,
} from "./stream-timing.ts";

/** What a collector reads of every chunk besides its choices. */
export interface EnvelopeChunk extends TimedChunk {
  readonly id?: unknown;
  readonly model?: unknown;
  readonly created?: unknown;
  readonly usage?: Usage | null;
}

/** What a stream says about itself once it is open. */
export interface OpenedStream {
  readonly headersLatencyMs: number;
  readonly requestId?: string;
  readonly attempts: readonly AttemptRecord[];
}

/** The envelope of a stream being collected: id, model, created, usage and timing. Internal. */
export interface EnvelopeDraft {
  id: string;
  model: string;
  created: number | undefined;
  usage: Usage | undefined;
  readonly timing: TimingDraft;
}

/** The envelope fields of a collected response. */
export interface CollectedEnvelope {
  readonly id: string;
  readonly created?: number;
  readonly model: string;
  readonly usage?: Usage;
  readonly latencyMs: number;
  readonly requestId?: string;
  readonly attempts: readonly AttemptRecord[];
  readonly timing: StreamTiming;
}

/** Starts collecting a stream's envelope. */
export function newEnvelopeDraft(): EnvelopeDraft {
  return { id: "", model: "", created: undefined, usage: undefined, timing: newTimingDraft() };
}

/**
 * A stream's `id` or `model` so far, given the next chunk's: the first non-empty string (Azure's first chunk
 * sends both empty). `""` while none came.
 */
export function firstFilled(current: string, next: unknown): string {
  return current === "" && typeof next === "string" ? next : current;
}

/**
 * Folds one chunk into the envelope: `id` and `model` are the first non-empty ones (Azure's first chunk has
 * neither), `created` the first positive one, `usage` the last one sent (servers that repeat a running total
 * end with the full one); the chunk's timing is added.
 */
export function addEnvelope(draft: EnvelopeDraft, chunk: EnvelopeChunk): void {
  addChunkTiming(draft.timing, chunk);
  draft.id = firstFilled(draft.id, chunk.id);
  draft.model = firstFilled(draft.model, chunk.model);
  if (draft.created === undefined && typeof chunk.created === "number" && chunk.created > 0) {
    draft.created = chunk.created;
  }
  if (chunk.usage !== undefined && chunk.usage !== null) draft.usage = chunk.usage;
}

/** The envelope of the collected response: `latencyMs` runs to the last chunk's arrival. */
export function finishEnvelope(draft: EnvelopeDraft, stream: OpenedStream): CollectedEnvelope {
  const timing = finishStreamTiming(draft.timing, stream.headersLatencyMs, stream.attempts);
  return {
    id: draft.id,
    ...(draft.created === undefined ? {} : { created: draft.created }),
    model: draft.model,
    ...(draft.usage === undefined ? {} : { usage: draft.usage }),
    latencyMs: timing.totalLatencyMs,
    ...(stream.requestId === undefined ? {} : { requestId: stream.requestId }),
    attempts: stream.attempts,
    timing,
  };
}
