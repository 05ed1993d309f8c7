import { asRecord } from "../internal/is-record.ts";
import type { ServerTiming, ServerTimingFormat } from "./server-timing-types.ts";
import { nonNegativeAt, secondsToMs } from "./units.ts";

type Fields = Readonly<Record<string, unknown>>;
type Figure = Exclude<keyof ServerTiming, "format">;

/** Where a figure comes from: the server's key, or a function of the server's fields (already in ms). */
type Source = readonly [figure: Figure, from: string | ((fields: Fields) => number | undefined)];

/**
 * One format: its name, the path of the object holding its fields, whether its durations (the `…Ms`
 * figures) are seconds, and its figures in the order they are reported.
 */
type TimingFormat = readonly [
  format: ServerTimingFormat,
  path: readonly string[],
  inSeconds: boolean,
  sources: readonly Source[],
];

const phaseSeconds: readonly Source[] = [
  ["queueMs", "queue_time"],
  ["promptMs", "prompt_time"],
  ["decodeMs", "completion_time"],
  ["totalMs", "total_time"],
];

const msOf = (fields: Fields, key: string): number | undefined => {
  const seconds = nonNegativeAt(fields, key);
  return seconds === undefined ? undefined : secondsToMs(seconds);
};

// The formats are data read by one loop rather than one function each: the table is what every bundle
// carries (issue 6). Read in this order; the first that reports a duration wins.
const formats: readonly TimingFormat[] = [
  // llama.cpp's `timings` (llama-server, on every non-streaming answer and on the last chunk of a stream),
  // already in milliseconds. llama.cpp reports no queue time: the wait for a free slot is not in it.
  [
    "llama.cpp",
    ["timings"],
    false,
    [
      ["promptMs", "prompt_ms"],
      ["decodeMs", "predicted_ms"],
      ["promptTokens", "prompt_n"],
      ["cachedPromptTokens", "cache_n"],
      ["outputTokens", "predicted_n"],
      ["promptTokensPerSecond", "prompt_per_second"],
      ["outputTokensPerSecond", "predicted_per_second"],
    ],
  ],
  // vLLM's per-request `metrics` (`--enable-per-request-metrics`; on the usage chunk of a stream), in
  // milliseconds. Its `time_to_first_token_ms` runs from scheduling, after the queue, so it is the prompt
  // processing time; its `tokens_per_second` counts the prefill too, so it is not read: the decoding speed
  // comes from the mean inter-token latency.
  // See https://github.com/vllm-project/vllm/blob/main/docs/features/per_request_metrics.md
  [
    "vllm",
    ["metrics"],
    false,
    [
      ["queueMs", "queue_time_ms"],
      ["promptMs", "time_to_first_token_ms"],
      ["decodeMs", "generation_time_ms"],
      [
        "outputTokensPerSecond",
        (fields) => {
          const interTokenMs = nonNegativeAt(fields, "mean_itl_ms");
          return interTokenMs === undefined || interTokenMs === 0 ? undefined : 1000 / interTokenMs;
        },
      ],
    ],
  ],
  // Groq's timings, in seconds: `x_groq.usage` (on the finish chunk of a stream), else the same fields in
  // `usage` (where Groq also puts them). Groq's `total_time` is prompt plus completion time, the queue left out.
  ["groq", ["x_groq", "usage"], true, phaseSeconds],
  ["groq", ["usage"], true, phaseSeconds],
  // Cerebras' `time_info`: the same four fields as Groq's, in seconds.
  ["cerebras", ["time_info"], true, phaseSeconds],
  // SambaNova's `usage` time fields, in seconds: `time_to_first_token` (queue and prompt processing together)
  // and `total_latency`; decoding is the time between them, which is what SambaNova divides by in its own
  // `completion_tokens_after_first_per_sec`.
  [
    "sambanova",
    ["usage"],
    true,
    [
      ["timeToFirstTokenMs", "time_to_first_token"],
      [
        "decodeMs",
        (fields) => {
          const firstMs = msOf(fields, "time_to_first_token");
          const totalMs = msOf(fields, "total_latency");
          return firstMs === undefined || totalMs === undefined || totalMs < firstMs
            ? undefined
            : // Both are whole nanoseconds: subtracting them as integers leaves no float dust.
              (Math.round(totalMs * 1e6) - Math.round(firstMs * 1e6)) / 1e6;
        },
      ],
      ["totalMs", "total_latency"],
      ["outputTokensPerSecond", "completion_tokens_after_first_per_sec"],
    ],
  ],
];

/** Reads one format's figures; `undefined` unless the server reported at least one duration in it. */
function readFormat(
  body: Fields,
  [format, path, inSeconds, sources]: TimingFormat,
): ServerTiming | undefined {
  let fields: Fields | undefined = body;
  for (const key of path) fields = fields && asRecord(fields[key]);
  if (fields === undefined) return undefined;
  const timing: Record<string, unknown> = { format };
  let hasDuration = false;
  for (const [figure, from] of sources) {
    const isDuration = figure.endsWith("Ms");
    const value =
      typeof from !== "string"
        ? from(fields)
        : inSeconds && isDuration
          ? msOf(fields, from)
          : nonNegativeAt(fields, from);
    if (value === undefined) continue;
    timing[figure] = value;
    hasDuration ||= isDuration;
  }
  return hasDuration ? (timing as unknown as ServerTiming) : undefined;
}

/** The timings of the first format the body reports, or `undefined`. */
export function readServerTiming(body: Fields): ServerTiming | undefined {
  for (const format of formats) {
    const timing = readFormat(body, format);
    if (timing !== undefined) return timing;
  }
  return undefined;
}
