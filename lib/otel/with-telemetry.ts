import type { ClientOption } from "../client/client-config.ts";
import { newTelemetry, type TelemetryOptions } from "./telemetry.ts";
import { traceClient } from "./trace-client.ts";

/**
 * Emits OpenTelemetry spans and metrics for every call of the client, following the GenAI semantic
 * conventions: a CLIENT span per call (`chat {model}`, `text_completion {model}`, `list_models`) with the
 * request's settings, the response's id, model, finish reasons and token counts, `error.type` on failure
 * (chatwire's error kind, or the HTTP status), each attempt and retry wait as an event and chatwire's own
 * figures under `chatwire.*`; the histograms `gen_ai.client.operation.duration`,
 * `gen_ai.client.token.usage`, `gen_ai.client.operation.time_to_first_chunk` and
 * `gen_ai.client.operation.time_per_output_chunk` (from chatwire's chunk arrival stamps). A stream's span
 * ends when the stream does. `runTools` runs get an `invoke_agent` span with an `execute_tool {name}` span
 * per tool call, and router calls a `route {model}` span, when their client has telemetry.
 *
 * Adds to the client; its position among the options does not matter. Without it, nothing of
 * OpenTelemetry is loaded or called. Needs `@opentelemetry/api` (an optional peer dependency).
 *
 * @param options the tracer and meter providers (default: the global ones) and `captureContent` (default
 *   `false`): whether to record the messages; the API key and header values are never recorded.
 * @example
 * ```ts
 * import { withTelemetry } from "chatwire/otel";
 * const client = newClient(withProvider(mistral()), withTelemetry({ tracerProvider, meterProvider }));
 * ```
 */
export function withTelemetry(options: TelemetryOptions = {}): ClientOption {
  return (config) => ({
    ...config,
    decorate: [
      ...(config.decorate ?? []),
      (client, final) => traceClient(client, final, newTelemetry(options ?? {})),
    ],
  });
}
