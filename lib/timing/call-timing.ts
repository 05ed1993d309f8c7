import type { AttemptRecord } from "../errors/attempt-record.ts";
import { definedOnly } from "../internal/defined-only.ts";
import type { ServerTiming } from "./server-timing-types.ts";
import { newTimingBreakdown, type TimingBreakdown } from "./timing-breakdown.ts";

/**
 * How one call went, as plain data: what chatwire measured on the client's clock (`withClock`; every
 * figure in milliseconds from the call's start, before the first attempt) and, when the server reported
 * it, the server's own figures and the split of the call's time between them. What was not measured or
 * reported is absent, never estimated.
 *
 * A streamed call's timing ({@link StreamTiming}) adds the chunk figures; a non-streaming call has none.
 */
export interface CallTiming {
  /**
   * From the call's start to the response headers of the attempt that answered: the time to first byte,
   * retries included.
   */
  readonly headersLatencyMs: number;
  /**
   * From the call's start to its end: the body read and parsed (the response's `latencyMs`), or, for a
   * stream, the arrival of its last chunk.
   */
  readonly totalLatencyMs: number;
  /**
   * Every attempt made, in order (the response's `attempts`): its status or error kind, how long it took,
   * and the wait after it with where that came from (`retry-after` or `backoff`).
   */
  readonly attempts: readonly AttemptRecord[];
  /** What the server reported about its own time, normalised to milliseconds. Absent when it reported nothing. */
  readonly server?: ServerTiming;
  /** The call's time split into retries, overhead, queue, prompt processing and decoding. Absent without `server` phases. */
  readonly breakdown?: TimingBreakdown;
}

/** Puts together the timing of a call from its measured figures and what the server reported. */
export function newCallTiming(
  headersLatencyMs: number,
  totalLatencyMs: number,
  attempts: readonly AttemptRecord[],
  server: ServerTiming | undefined,
): CallTiming {
  const breakdown = newTimingBreakdown(headersLatencyMs, totalLatencyMs, attempts, server);
  return definedOnly<CallTiming>({ headersLatencyMs, totalLatencyMs, attempts, server, breakdown });
}
