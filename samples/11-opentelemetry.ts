// 11 OpenTelemetry: chatwire's calls as GenAI spans and metrics, printed by the SDK's console exporters.
// Run: npm run build && node samples/11-opentelemetry.ts
//
// In an application, point the same providers at a collector instead: an OTLP exporter in place of each
// console exporter (see the README, "OpenTelemetry"). `chatwire/otel` needs `@opentelemetry/api`; the SDK
// packages are yours to pick.

import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { ConsoleSpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import {
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newFunctionTool,
  newUserMessage,
  runTools,
  withMaxTokens,
  withSeed,
  withStreamUsage,
  withToolChoice,
  withTools,
} from "chatwire";
import { withTelemetry } from "chatwire/otel";
import * as v from "valibot";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["06-tool-calling"]);

// The SDK: every span printed as it ends; the metrics printed when flushed at the end.
const tracerProvider = new TracerProvider({
  spanProcessors: [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })],
});
const meterProvider = new MeterProvider({
  readers: [
    new PeriodicExportingMetricReader({
      exporter: new ConsoleMetricExporter(),
      exportIntervalMillis: 60_000,
    }),
  ],
});

// One option: every call of this client becomes a span, and feeds the four GenAI client histograms.
// `captureContent: true` would add the messages (off by default: they may hold personal data).
const client = newClient(...setup.clientOptions, withTelemetry({ tracerProvider, meterProvider }));

const getWeather = newFunctionTool({
  name: "get_weather",
  description: "Get current weather for a location",
  parameters: v.object({
    location: v.pipe(v.string(), v.description("City name")),
    unit: v.optional(v.picklist(["celsius", "fahrenheit"])),
  }),
});
const question = [newUserMessage("What's the weather in Paris?")];

// 1. A tool run: an `invoke_agent` span around two `chat tiny-qwen2` spans and an `execute_tool get_weather`.
console.log("── spans of a tool run");
const run = await runTools(
  client,
  newChatCompletionRequest(setup.model, question, withTools([getWeather]), withMaxTokens(200), withSeed(8)),
  { get_weather: () => ({ temperature: 22, condition: "sunny" }) },
  { tools: [getWeather], maxSteps: 3 },
);
if (run.isErr()) {
  console.error(`${run.error.kind}: ${run.error.message}`);
  process.exit(1);
}

// 2. A stream: its span ends with its last chunk; it feeds time to first chunk and time per output chunk.
console.log("── span of a stream");
const opened = await client.chatCompletionStream(
  newChatCompletionStreamRequest(
    setup.model,
    question,
    withTools([getWeather]),
    withToolChoice("required"),
    withMaxTokens(200),
    withStreamUsage(),
    withSeed(10),
  ),
);
if (opened.isErr()) {
  console.error(`${opened.error.kind}: ${opened.error.message}`);
  process.exit(1);
}
let chunks = 0;
for await (const chunk of opened.value) {
  if (chunk.error !== undefined) console.error(`the stream failed: ${chunk.error.message}`);
  else chunks++;
}

// Shutting the providers down flushes them: the metric reader exports (prints) once more, at the end.
console.log("── metrics");
await tracerProvider.shutdown();
await meterProvider.shutdown();
console.log(`done: ${run.value.steps.length} model calls in the tool run, ${chunks} chunks streamed`);
await setup.finish();
