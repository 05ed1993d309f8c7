import type { ServerTiming, ServerTimingFormat } from "./server-timing.ts";
import { definedOnly, nonNegativeAt, recordAt, secondsToMs } from "./units.ts";

/** Reads `queue_time`, `prompt_time`, `completion_time` and `total_time`, in seconds. */
function fromPhaseSeconds(
  fields: Readonly<Record<string, unknown>> | undefined,
  format: ServerTimingFormat,
): ServerTiming | undefined {
  if (fields === undefined) return undefined;
  const seconds = (key: string): number | undefined => {
    const value = nonNegativeAt(fields, key);
    return value === undefined ? undefined : secondsToMs(value);
  };
  const queueMs = seconds("queue_time");
  const promptMs = seconds("prompt_time");
  const decodeMs = seconds("completion_time");
  const totalMs = seconds("total_time");
  if (queueMs === undefined && promptMs === undefined && decodeMs === undefined && totalMs === undefined) {
    return undefined;
  }
  return definedOnly<ServerTiming>({ format, queueMs, promptMs, decodeMs, totalMs });
}

/**
 * Reads Groq's timings, in seconds: `x_groq.usage` (on the finish chunk of a stream), else the same fields
 * in `usage` (where Groq also puts them). Groq's `total_time` is prompt plus completion time, the queue
 * left out.
 */
export function fromGroqUsage(body: Readonly<Record<string, unknown>>): ServerTiming | undefined {
  const xGroq = recordAt(body, "x_groq");
  return (
    fromPhaseSeconds(xGroq === undefined ? undefined : recordAt(xGroq, "usage"), "groq") ??
    fromPhaseSeconds(recordAt(body, "usage"), "groq")
  );
}

/** Reads Cerebras' `time_info`: the same four fields as Groq's, in seconds. */
export function fromCerebrasTimeInfo(body: Readonly<Record<string, unknown>>): ServerTiming | undefined {
  return fromPhaseSeconds(recordAt(body, "time_info"), "cerebras");
}
