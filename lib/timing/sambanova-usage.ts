import type { ServerTiming } from "./server-timing.ts";
import { definedOnly, nonNegativeAt, recordAt, secondsToMs } from "./units.ts";

/**
 * Reads SambaNova's `usage` time fields, in seconds: `time_to_first_token` (queue and prompt processing
 * together) and `total_latency`; decoding is the time between them, which is what SambaNova divides by in
 * its own `completion_tokens_after_first_per_sec`.
 */
export function fromSambaNovaUsage(body: Readonly<Record<string, unknown>>): ServerTiming | undefined {
  const usage = recordAt(body, "usage");
  if (usage === undefined) return undefined;
  const firstToken = nonNegativeAt(usage, "time_to_first_token");
  const total = nonNegativeAt(usage, "total_latency");
  if (firstToken === undefined && total === undefined) return undefined;
  const timeToFirstTokenMs = firstToken === undefined ? undefined : secondsToMs(firstToken);
  const totalMs = total === undefined ? undefined : secondsToMs(total);
  return definedOnly<ServerTiming>({
    format: "sambanova",
    timeToFirstTokenMs,
    decodeMs:
      timeToFirstTokenMs === undefined || totalMs === undefined || totalMs < timeToFirstTokenMs
        ? undefined
        : // Both are whole nanoseconds: subtracting them as integers leaves no float dust.
          (Math.round(totalMs * 1e6) - Math.round(timeToFirstTokenMs * 1e6)) / 1e6,
    totalMs,
    outputTokensPerSecond: nonNegativeAt(usage, "completion_tokens_after_first_per_sec"),
  });
}
