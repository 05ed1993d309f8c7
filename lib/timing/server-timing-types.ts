/** The server formats chatwire reads timings from. */
export type ServerTimingFormat = "llama.cpp" | "vllm" | "groq" | "cerebras" | "sambanova";

/**
 * What the server said about its own time on a request, normalised: every duration in milliseconds (servers
 * that report seconds are converted, at nanosecond resolution), every rate in tokens per second. A field
 * the server did not report is absent, never estimated.
 *
 * | field | llama.cpp `timings` | vLLM `metrics` | Groq `x_groq.usage` / `usage`, Cerebras `time_info` | SambaNova `usage` |
 * | --- | --- | --- | --- | --- |
 * | `queueMs` | — | `queue_time_ms` | `queue_time` | — |
 * | `promptMs` | `prompt_ms` | `time_to_first_token_ms` | `prompt_time` | — |
 * | `timeToFirstTokenMs` | — | — | — | `time_to_first_token` |
 * | `decodeMs` | `predicted_ms` | `generation_time_ms` | `completion_time` | `total_latency` − `time_to_first_token` |
 * | `totalMs` | — | — | `total_time` | `total_latency` |
 * | `promptTokens` | `prompt_n` | — | — | — |
 * | `cachedPromptTokens` | `cache_n` | — | — | — |
 * | `outputTokens` | `predicted_n` | — | — | — |
 * | `promptTokensPerSecond` | `prompt_per_second` | — | — | — |
 * | `outputTokensPerSecond` | `predicted_per_second` | 1000 / `mean_itl_ms` | — | `completion_tokens_after_first_per_sec` |
 */
export interface ServerTiming {
  /** Which format the figures were read from. */
  readonly format: ServerTimingFormat;
  /** How long the request waited in the server's queue before processing began. */
  readonly queueMs?: number;
  /** Prompt processing (prefill): reading the prompt up to the first output token. */
  readonly promptMs?: number;
  /**
   * From the server receiving the request to its first output token, for servers that report only that
   * (queue and prompt processing together, not told apart).
   */
  readonly timeToFirstTokenMs?: number;
  /** Decoding: from the first output token to the last. */
  readonly decodeMs?: number;
  /**
   * The server's own total, as it defines it: Groq's `total_time` is prompt plus decoding (queue left out),
   * Cerebras' `total_time` covers more than the three phases, SambaNova's `total_latency` is its time to
   * first token plus decoding.
   */
  readonly totalMs?: number;
  /** Prompt tokens the server processed for this request: cached ones left out (llama.cpp `prompt_n`). */
  readonly promptTokens?: number;
  /** Prompt tokens reused from the server's cache (llama.cpp `cache_n`). */
  readonly cachedPromptTokens?: number;
  /** Output tokens generated (llama.cpp `predicted_n`). */
  readonly outputTokens?: number;
  /** Prompt processing speed, in tokens per second. */
  readonly promptTokensPerSecond?: number;
  /**
   * Decoding speed, in tokens per second, the way the server measures it: the tokens after the first over
   * the decoding time (llama.cpp, SambaNova, vLLM's mean inter-token latency).
   */
  readonly outputTokensPerSecond?: number;
}
