import type { ChatwireError, CompletionChunk, ServerTiming, StreamTiming } from "../index.ts";
import { definedOnly } from "../internal/defined-only.ts";
import { ejectionReason } from "../router/route-budget.ts";
import {
  addChunkTiming,
  carriesToken,
  finishStreamTiming,
  newTimingDraft,
} from "../streaming/stream-timing.ts";

/** Where a request's output token count came from: the server's `usage`, or the chunks that carried text. */
export type TokenSource = "usage" | "chunks";

/** What the server reported about its own time on one request, next to what the client measured. */
export interface ServerFigures {
  /** Which server format the figures were read from (`llama.cpp`, `vllm`...). */
  readonly format: ServerTiming["format"];
  /** The server's time to first token: its queue plus prompt processing, or the one figure it reports. */
  readonly ttftMs?: number;
  /** The server's time per output token after the first: `1000 / outputTokensPerSecond`. */
  readonly tpotMs?: number;
  readonly queueMs?: number;
  readonly promptMs?: number;
  readonly decodeMs?: number;
  readonly outputTokens?: number;
}

/**
 * One request of a benchmark, measured on the client: every time in milliseconds. `startMs` and `endMs`
 * are on the benchmark's clock, from the start of the load level; every latency is from the call's start
 * (before its first attempt).
 */
export interface RequestSample {
  /** The load level, as shown in reports: `concurrency 4`, `rate 2/s`. */
  readonly level: string;
  /** The request's number within its level, from 0, in the order the requests were started. */
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
  /** True when the stream ended normally, without an error chunk. */
  readonly isOk: boolean;
  /** The failure, by kind: `http 429`, `timeout (idle)`, `network`, `aborted`... Absent on success. */
  readonly errorKind?: string;
  /** The failure's message (never the API key). Absent on success. */
  readonly errorMessage?: string;
  /** How many attempts the call made (retries included). */
  readonly attempts: number;
  /** Time to the first chunk that carried output (text, reasoning or a tool call): the TTFT. */
  readonly ttftMs?: number;
  /**
   * Every gap between the arrivals of consecutive chunks from the first token on (chunks with choices;
   * usage-only chunks left out): the inter-token latencies, one per chunk.
   */
  readonly itlMs: readonly number[];
  /** Time per output token after the first: (end − TTFT) / (output tokens − 1). */
  readonly tpotMs?: number;
  /** End-to-end latency: to the arrival of the stream's last chunk. */
  readonly e2eLatencyMs?: number;
  readonly outputTokens?: number;
  readonly tokenSource?: TokenSource;
  /** Prompt tokens, from `usage`, when the server sent it. */
  readonly promptTokens?: number;
  readonly chunkCount: number;
  readonly server?: ServerFigures;
}

/** Where and when a request ran, known before its answer. */
export interface SampleContext {
  readonly level: string;
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** The error kind a report counts a failure under: the HTTP status or the timeout phase included. */
function errorKindOf(error: ChatwireError): string {
  return error.kind === "timeout" ? `timeout (${error.timeout})` : ejectionReason(error);
}

function serverFigures(server: ServerTiming | undefined): ServerFigures | undefined {
  if (server === undefined) return undefined;
  const ttftMs =
    server.timeToFirstTokenMs ??
    (server.promptMs === undefined ? undefined : (server.queueMs ?? 0) + server.promptMs);
  const perSecond = server.outputTokensPerSecond;
  return definedOnly<ServerFigures>({
    format: server.format,
    ttftMs,
    tpotMs: perSecond !== undefined && perSecond > 0 ? 1000 / perSecond : undefined,
    queueMs: server.queueMs,
    promptMs: server.promptMs,
    decodeMs: server.decodeMs,
    outputTokens: server.outputTokens,
  });
}

/** The figures of a request that failed before or while streaming. */
export function failedSample(
  context: SampleContext,
  error: ChatwireError,
  attempts: number,
  chunkCount = 0,
): RequestSample {
  return {
    ...context,
    isOk: false,
    errorKind: errorKindOf(error),
    errorMessage: error.message,
    attempts,
    itlMs: [],
    chunkCount,
  };
}

/**
 * Measures one streamed request as its chunks arrive, keeping a few numbers per chunk, never the chunks:
 * TTFT, every inter-chunk gap from the first token on, TPOT, end-to-end latency, output tokens (from
 * `usage` when the server sent it, else the chunks that carried output) and the server's own figures. A
 * stream that ends with an error chunk is a failure. `contextAtEnd` is read once the stream has ended.
 */
export async function measureStream(
  stream: AsyncIterable<CompletionChunk> & {
    readonly headersLatencyMs: number;
    readonly attempts: StreamTiming["attempts"];
  },
  contextAtEnd: () => SampleContext,
): Promise<RequestSample> {
  const draft = newTimingDraft();
  const itlMs: number[] = [];
  let tokenChunks = 0;
  let chunkCount = 0;
  let usage: { completion_tokens?: number; prompt_tokens?: number } | undefined;
  let error: ChatwireError | undefined;
  for await (const chunk of stream) {
    chunkCount++;
    error = chunk.error;
    if (error !== undefined) break;
    addChunkTiming(draft, chunk);
    if (chunk.usage !== undefined && chunk.usage !== null) usage = chunk.usage;
    if (chunk.choices.length === 0) continue;
    if (tokenChunks > 0) itlMs.push(chunk.chunkLatencyMs);
    // From the first token on, every chunk with choices counts as a gap (the finish chunk too).
    if (carriesToken(chunk)) tokenChunks++;
  }
  const context = contextAtEnd();
  if (error !== undefined) return failedSample(context, error, stream.attempts.length, chunkCount);
  const timing = finishStreamTiming(draft, stream.headersLatencyMs, stream.attempts);
  const usageTokens = usage?.completion_tokens;
  const hasUsage = typeof usageTokens === "number" && Number.isFinite(usageTokens);
  const outputTokens = hasUsage ? usageTokens : tokenChunks;
  const ttftMs = timing.timeToFirstTokenMs;
  const e2eLatencyMs = timing.totalLatencyMs;
  const tpotMs =
    ttftMs !== undefined && outputTokens > 1 ? (e2eLatencyMs - ttftMs) / (outputTokens - 1) : undefined;
  const server = serverFigures(timing.server);
  return {
    ...context,
    isOk: true,
    attempts: stream.attempts.length,
    ...(ttftMs === undefined ? {} : { ttftMs }),
    itlMs,
    ...(tpotMs === undefined ? {} : { tpotMs }),
    e2eLatencyMs,
    outputTokens,
    tokenSource: hasUsage ? "usage" : "chunks",
    ...(typeof usage?.prompt_tokens === "number" ? { promptTokens: usage.prompt_tokens } : {}),
    chunkCount,
    ...(server === undefined ? {} : { server }),
  };
}
