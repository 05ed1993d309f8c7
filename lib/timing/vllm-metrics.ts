import type { ServerTiming } from "./server-timing.ts";
import { definedOnly, nonNegativeAt, recordAt } from "./units.ts";

/**
 * Reads vLLM's per-request `metrics` (served with `--enable-per-request-metrics`; on the usage chunk of a
 * stream), already in milliseconds. Its `time_to_first_token_ms` runs from scheduling, after the queue, so
 * it is the prompt processing time; its `tokens_per_second` counts the prefill too, so it is not read:
 * the decoding speed comes from the mean inter-token latency.
 * See https://github.com/vllm-project/vllm/blob/main/docs/features/per_request_metrics.md
 */
export function fromVllmMetrics(body: Readonly<Record<string, unknown>>): ServerTiming | undefined {
  const metrics = recordAt(body, "metrics");
  if (metrics === undefined) return undefined;
  const queueMs = nonNegativeAt(metrics, "queue_time_ms");
  const promptMs = nonNegativeAt(metrics, "time_to_first_token_ms");
  const decodeMs = nonNegativeAt(metrics, "generation_time_ms");
  if (queueMs === undefined && promptMs === undefined && decodeMs === undefined) return undefined;
  const interTokenMs = nonNegativeAt(metrics, "mean_itl_ms");
  return definedOnly<ServerTiming>({
    format: "vllm",
    queueMs,
    promptMs,
    decodeMs,
    outputTokensPerSecond: interTokenMs === undefined || interTokenMs === 0 ? undefined : 1000 / interTokenMs,
  });
}
