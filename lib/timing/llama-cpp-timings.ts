import type { ServerTiming } from "./server-timing.ts";
import { definedOnly, nonNegativeAt, recordAt } from "./units.ts";

/**
 * Reads llama.cpp's `timings` object (llama-server, on every non-streaming answer and on the last chunk of
 * a stream), whose durations are already milliseconds. llama.cpp reports no queue time: the wait for a free
 * slot is not in it.
 */
export function fromLlamaCppTimings(body: Readonly<Record<string, unknown>>): ServerTiming | undefined {
  const timings = recordAt(body, "timings");
  if (timings === undefined) return undefined;
  const promptMs = nonNegativeAt(timings, "prompt_ms");
  const decodeMs = nonNegativeAt(timings, "predicted_ms");
  if (promptMs === undefined && decodeMs === undefined) return undefined;
  return definedOnly<ServerTiming>({
    format: "llama.cpp",
    promptMs,
    decodeMs,
    promptTokens: nonNegativeAt(timings, "prompt_n"),
    cachedPromptTokens: nonNegativeAt(timings, "cache_n"),
    outputTokens: nonNegativeAt(timings, "predicted_n"),
    promptTokensPerSecond: nonNegativeAt(timings, "prompt_per_second"),
    outputTokensPerSecond: nonNegativeAt(timings, "predicted_per_second"),
  });
}
