import type { AttemptRecord } from "../errors/attempt-record.ts";
import { type CallTiming, newCallTiming } from "../timing/call-timing.ts";
import { gapStatistics } from "../timing/gap-statistics.ts";
import { serverTiming } from "../timing/server-timing.ts";
import type { ServerTiming } from "../timing/server-timing-types.ts";
import type { CompletionChunk } from "./chunk-types.ts";

/**
 * How a stream went: the {@link CallTiming} of its call plus the chunk figures, in milliseconds on the
 * client's clock from the call's start (before the first attempt). Every figure describes arrival (see
 * `CompletionChunk.chunkLatencyMs`), not when your code got the chunk; `totalLatencyMs` is the arrival of
 * the last chunk.
 */
export interface StreamTiming extends CallTiming {
  /** How many chunks the stream handed over (the error chunk of a failed stream included). */
  readonly chunkCount: number;
  /** To the first chunk's arrival: the time to first chunk. Absent when no chunk was handed over. */
  readonly timeToFirstChunkMs?: number;
  /**
   * To the arrival of the first chunk that carries generated output: content, a refusal, a tool call or
   * reasoning text (`reasoning_content`, `reasoning`): the time to first token. Absent when none did.
   */
  readonly timeToFirstTokenMs?: number;
  /**
   * To the arrival of the first chunk that carries the answer itself: content, a refusal or a tool call,
   * reasoning left out. For a model that reasons first, the wait a reader sees. Absent when none did.
   */
  readonly timeToFirstContentMs?: number;
  /**
   * The median gap between two consecutive chunks' arrivals (the `chunkLatencyMs` of every chunk but the
   * first; chunks that arrived in the same read count as a gap of 0; the mean of the two middle gaps for an
   * even count). This and the three below are absent with fewer than two chunks.
   */
  readonly interChunkMedianMs?: number;
  /** The 90th percentile of those gaps, by nearest rank. */
  readonly interChunkP90Ms?: number;
  /** The 99th percentile of those gaps, by nearest rank. */
  readonly interChunkP99Ms?: number;
  /** The longest of those gaps: the worst stall the reader saw. */
  readonly interChunkMaxMs?: number;
  /**
   * The output speed the client saw, in tokens per second: the tokens after the first
   * (`usage.completion_tokens` − 1) over the time from the first token's arrival to the last chunk's. The
   * first token is left out because the span starts when it arrives; llama.cpp and SambaNova count their
   * own rates the same way, so the two can be compared. Absent without usage, or when that span is 0.
   */
  readonly outputTokensPerSecond?: number;
}

/** What is kept while reading a stream: a few numbers per chunk, never the chunks. Internal. */
export interface TimingDraft {
  readonly gapsMs: number[];
  chunkCount: number;
  firstChunkMs: number | undefined;
  firstTokenMs: number | undefined;
  firstContentMs: number | undefined;
  lastChunkMs: number | undefined;
  completionTokens: number | undefined;
  server: ServerTiming | undefined;
}

const isFilled = (value: unknown): boolean =>
  (typeof value === "string" && value !== "") || (Array.isArray(value) && value.length > 0);

/**
 * What the timing reads of a chunk: a chat chunk, or a text completion chunk (whose choices carry `text`
 * instead of `delta`).
 */
export interface TimedChunk {
  readonly chunkLatencyMs: number;
  readonly totalLatencyMs: number;
  readonly choices: readonly { readonly delta?: unknown; readonly text?: unknown }[];
  readonly usage?: { readonly completion_tokens?: unknown } | null;
}

type Delta = { readonly [field: string]: unknown } | undefined;

const deltaOf = (choice: TimedChunk["choices"][number]): Delta =>
  typeof choice.delta === "object" && choice.delta !== null ? (choice.delta as Delta) : undefined;

const hasContent = (delta: Delta, text: unknown): boolean =>
  isFilled(text) ||
  (delta !== undefined && (isFilled(delta.content) || isFilled(delta.refusal) || isFilled(delta.tool_calls)));

const hasReasoning = (delta: Delta): boolean =>
  delta !== undefined && (isFilled(delta.reasoning_content) || isFilled(delta.reasoning));

/**
 * Whether a chunk carries generated output (text, reasoning, a refusal or a tool call piece): the rule the
 * time to first token uses.
 */
export function carriesToken(chunk: Pick<TimedChunk, "choices">): boolean {
  return chunk.choices.some((choice) => {
    const delta = deltaOf(choice);
    return hasContent(delta, choice.text) || hasReasoning(delta);
  });
}

/** Starts the timing of a stream. */
export function newTimingDraft(): TimingDraft {
  return {
    gapsMs: [],
    chunkCount: 0,
    firstChunkMs: undefined,
    firstTokenMs: undefined,
    firstContentMs: undefined,
    lastChunkMs: undefined,
    completionTokens: undefined,
    server: undefined,
  };
}

/** Counts one chunk, in the order the stream handed them over. */
export function addChunkTiming(draft: TimingDraft, chunk: TimedChunk): void {
  const atMs = chunk.totalLatencyMs;
  if (draft.chunkCount === 0) draft.firstChunkMs = atMs;
  else draft.gapsMs.push(chunk.chunkLatencyMs);
  draft.chunkCount++;
  draft.lastChunkMs = atMs;
  if (draft.firstContentMs === undefined) {
    for (const choice of chunk.choices) {
      const delta = deltaOf(choice);
      const isContent = hasContent(delta, choice.text);
      if (isContent || hasReasoning(delta)) draft.firstTokenMs ??= atMs;
      if (isContent) draft.firstContentMs = atMs;
    }
  }
  const tokens = chunk.usage?.completion_tokens;
  if (typeof tokens === "number" && Number.isFinite(tokens)) draft.completionTokens = tokens;
  draft.server = serverTiming(chunk) ?? draft.server;
}

/** Computes the timing of a stream from its draft and what was known when it opened. */
export function finishStreamTiming(
  draft: TimingDraft,
  headersLatencyMs: number,
  attempts: readonly AttemptRecord[],
): StreamTiming {
  const totalLatencyMs = draft.lastChunkMs ?? headersLatencyMs;
  const { firstTokenMs, completionTokens } = draft;
  const spanMs = firstTokenMs === undefined ? 0 : totalLatencyMs - firstTokenMs;
  const outputTokensPerSecond =
    completionTokens !== undefined && completionTokens > 1 && spanMs > 0
      ? ((completionTokens - 1) * 1000) / spanMs
      : undefined;
  return {
    ...newCallTiming(headersLatencyMs, totalLatencyMs, attempts, draft.server),
    chunkCount: draft.chunkCount,
    ...(draft.firstChunkMs === undefined ? {} : { timeToFirstChunkMs: draft.firstChunkMs }),
    ...(firstTokenMs === undefined ? {} : { timeToFirstTokenMs: firstTokenMs }),
    ...(draft.firstContentMs === undefined ? {} : { timeToFirstContentMs: draft.firstContentMs }),
    ...(gapStatistics(draft.gapsMs) ?? {}),
    ...(outputTokensPerSecond === undefined ? {} : { outputTokensPerSecond }),
  };
}

/**
 * Computes the timing of a stream you iterate yourself, from the chunks it has handed over so far (all of
 * them, in order): what `collectStream` reports as `timing`. With no chunks, what was known when the
 * stream opened: the headers latency and the attempts. Server timings are read from the chunks that
 * carry them (llama.cpp's last chunk, Groq's finish chunk, vLLM's usage chunk).
 *
 * @example
 * ```ts
 * const chunks: CompletionChunk[] = [];
 * for await (const chunk of stream) chunks.push(chunk);
 * const { timeToFirstTokenMs, interChunkP90Ms } = streamTiming(stream, chunks);
 * ```
 */
export function streamTiming(
  stream: { readonly headersLatencyMs: number; readonly attempts: readonly AttemptRecord[] },
  chunks: Iterable<CompletionChunk>,
): StreamTiming {
  const draft = newTimingDraft();
  // From JavaScript `chunks` may be no list at all: no chunks, then.
  const list =
    typeof (chunks as Partial<Iterable<CompletionChunk>> | null)?.[Symbol.iterator] === "function"
      ? chunks
      : [];
  for (const chunk of list) if (Array.isArray(chunk?.choices)) addChunkTiming(draft, chunk);
  return finishStreamTiming(draft, stream?.headersLatencyMs ?? 0, stream?.attempts ?? []);
}
