import type { AttemptRecord } from "../errors/attempt-record.ts";
import { definedOnly } from "../internal/defined-only.ts";
import type { ServerTiming } from "./server-timing-types.ts";
import { roundMs } from "./units.ts";

/**
 * Where the time of a call went, in milliseconds: the call's `totalLatencyMs` split into what came before
 * the attempt that answered, the server's phases as it reported them, and the rest. The fields present
 * add up to `totalLatencyMs` (to the nanosecond). A phase the server did not report is absent, and its
 * time stays in `overheadMs`.
 */
export interface TimingBreakdown {
  /** Before the attempt that answered began: the failed attempts and the waits after them. */
  readonly retriesMs: number;
  /**
   * The rest of the attempt that answered, which the server's figures do not cover: connecting, sending,
   * the network both ways, the client's own work, and any server time it does not report (llama.cpp
   * reports no queue time; no server reports the time spent sending the answer).
   */
  readonly overheadMs: number;
  /** Waiting in the server's queue. */
  readonly queueMs?: number;
  /** Prompt processing. */
  readonly promptMs?: number;
  /** Queue and prompt processing together, when the server reports only its time to first token (SambaNova). */
  readonly queueAndPromptMs?: number;
  /** Decoding the output. */
  readonly decodeMs?: number;
}

/**
 * Splits a call's time with what its server reported. `undefined` when the server reported no phase, or
 * when its phases add up to more than the attempt that answered lasted on the client's clock: both cannot
 * be right, and chatwire does not pick one.
 */
export function newTimingBreakdown(
  headersLatencyMs: number,
  totalLatencyMs: number,
  attempts: readonly AttemptRecord[],
  server: ServerTiming | undefined,
): TimingBreakdown | undefined {
  if (server === undefined) return undefined;
  const { queueMs, promptMs } = server;
  const phases = definedOnly<Partial<TimingBreakdown>>({
    queueMs,
    promptMs,
    queueAndPromptMs: queueMs === undefined && promptMs === undefined ? server.timeToFirstTokenMs : undefined,
    decodeMs: server.decodeMs,
  });
  const phaseMs = Object.values(phases);
  if (phaseMs.length === 0) return undefined;
  // The answering attempt started `durationMs` before its headers arrived.
  const retriesMs = Math.max(0, headersLatencyMs - (attempts.at(-1)?.durationMs ?? headersLatencyMs));
  const overheadMs = roundMs(totalLatencyMs - retriesMs - phaseMs.reduce((sum, phase) => sum + phase, 0));
  return overheadMs < 0 ? undefined : { retriesMs: roundMs(retriesMs), overheadMs, ...phases };
}
