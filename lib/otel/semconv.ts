// The names chatwire/otel emits, from the OpenTelemetry GenAI semantic conventions (status: Development),
// as published in semantic-conventions v1.41.0 (docs/gen-ai) and carried on in
// open-telemetry/semantic-conventions-genai. Kept as strings here: `@opentelemetry/semantic-conventions`
// marks every GenAI name deprecated-moved, and one more dependency would buy nothing.

/** The four client metrics. */
export const metricNames = {
  operationDuration: "gen_ai.client.operation.duration",
  tokenUsage: "gen_ai.client.token.usage",
  timeToFirstChunk: "gen_ai.client.operation.time_to_first_chunk",
  timePerOutputChunk: "gen_ai.client.operation.time_per_output_chunk",
} as const;

/** The explicit bucket boundaries the conventions give for the duration metrics, in seconds. */
export const durationBucketsS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** The explicit bucket boundaries the conventions give for `gen_ai.client.token.usage`, in tokens. */
export const tokenBuckets: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** chatwire's operations, by `gen_ai.operation.name`. */
export type OperationName = "chat" | "text_completion" | "list_models";

/**
 * `gen_ai.provider.name` for chatwire's presets whose provider the conventions list; any other preset
 * gives its own name, and a client without a preset speaks OpenAI's API: `openai`, as OpenAI's own
 * instrumentation reports for any base URL.
 */
const wellKnownProviders: Readonly<Record<string, string>> = {
  openai: "openai",
  "azure-openai": "azure.ai.openai",
  anthropic: "anthropic",
  deepseek: "deepseek",
  gemini: "gcp.gemini",
  groq: "groq",
  mistral: "mistral_ai",
  xai: "x_ai",
};

/** The `gen_ai.provider.name` of a client with a given preset name (or none). */
export function providerName(presetName: string | undefined): string {
  if (presetName === undefined) return "openai";
  return wellKnownProviders[presetName] ?? presetName;
}
