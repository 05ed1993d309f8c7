// An export over OTLP/HTTP (the SDK's own exporter, JSON encoding) to a receiver on loopback: the span
// chatwire/otel made arrives intact.
import { createServer, type IncomingHttpHeaders } from "node:http";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import nock from "nock";
import { afterEach, expect, test } from "vitest";
import { newChatCompletionRequest, newUserMessage } from "../../lib/index.ts";
import { withTelemetry } from "../../lib/otel/index.ts";
import { apiOrigin, okCompletion, plantedKey, testClient } from "../client/nock-server.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});

/** A minimal OTLP/HTTP receiver: keeps every POST and answers 200 with an empty export response. */
async function startReceiver(): Promise<{ readonly origin: string; readonly received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(parts).toString("utf8"),
      });
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  servers.push(server);
  return { origin: await listenOnLoopback(server), received };
}

type OtlpValue = {
  readonly stringValue?: string;
  readonly intValue?: string | number;
  readonly boolValue?: boolean;
};
type OtlpAttribute = { readonly key: string; readonly value: OtlpValue };

const attributeValue = (attributes: readonly OtlpAttribute[], key: string): unknown => {
  const value = attributes.find((attribute) => attribute.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? value?.boolValue : Number(value.intValue));
};

test("a chat span exported over OTLP/HTTP arrives with its name, kind, attributes and events", async () => {
  const { origin, received } = await startReceiver();
  const tracerProvider = new TracerProvider({
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${origin}/v1/traces` }) }),
    ],
  });
  nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion, { "x-request-id": "req-otlp-1" });
  const client = testClient(withTelemetry({ tracerProvider }));
  (
    await client.chatCompletion(newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]))
  )._unsafeUnwrap();
  await tracerProvider.forceFlush();
  await tracerProvider.shutdown();

  expect(received.map((request) => request.path)).toStrictEqual(["/v1/traces"]);
  const [post] = received;
  expect(post?.headers["content-type"]).toBe("application/json");
  expect(post?.body).not.toContain(plantedKey);
  const payload = JSON.parse(post?.body ?? "{}");
  const scopeSpans = payload.resourceSpans[0].scopeSpans[0];
  expect(scopeSpans.scope.name).toBe("chatwire");
  const [span] = scopeSpans.spans;
  expect(span.name).toBe("chat gpt-4.1-nano");
  expect(span.kind).toBe(3); // SPAN_KIND_CLIENT
  const attributes = span.attributes as OtlpAttribute[];
  expect(
    Object.fromEntries(
      [
        "gen_ai.operation.name",
        "gen_ai.provider.name",
        "gen_ai.request.model",
        "gen_ai.response.id",
        "gen_ai.usage.input_tokens",
        "gen_ai.usage.output_tokens",
        "server.address",
        "server.port",
        "chatwire.request_id",
      ].map((key) => [key, attributeValue(attributes, key)]),
    ),
  ).toStrictEqual({
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4.1-nano",
    "gen_ai.response.id": "chatcmpl-test",
    "gen_ai.usage.input_tokens": 3,
    "gen_ai.usage.output_tokens": 2,
    "server.address": "api.chatwire.test",
    "server.port": 443,
    "chatwire.request_id": "req-otlp-1",
  });
  expect(attributeValue(attributes, "gen_ai.response.finish_reasons")).toBeUndefined();
  const reasons = attributes.find((attribute) => attribute.key === "gen_ai.response.finish_reasons")
    ?.value as {
    arrayValue?: { values: OtlpValue[] };
  };
  expect(reasons.arrayValue?.values).toStrictEqual([{ stringValue: "stop" }]);
  expect(span.events.map((event: { name: string }) => event.name)).toStrictEqual(["chatwire.attempt"]);
});

test("the metrics exported over OTLP/HTTP arrive with their names, units and bucket boundaries", async () => {
  const { origin, received } = await startReceiver();
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${origin}/v1/metrics` }),
        exportIntervalMillis: 60_000,
      }),
    ],
  });
  nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
  const client = testClient(withTelemetry({ meterProvider }));
  const response = (
    await client.chatCompletion(newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]))
  )._unsafeUnwrap();
  await meterProvider.shutdown();

  expect(received.map((request) => request.path)).toStrictEqual(["/v1/metrics"]);
  const body = received[0]?.body ?? "{}";
  expect(body).not.toContain(plantedKey);
  const metrics = JSON.parse(body).resourceMetrics[0].scopeMetrics[0].metrics as {
    name: string;
    unit: string;
    histogram: { dataPoints: { count: string | number; sum: number; explicitBounds: number[] }[] };
  }[];
  const byName = Object.fromEntries(metrics.map((metric) => [metric.name, metric]));
  const duration = byName["gen_ai.client.operation.duration"];
  expect(duration?.unit).toBe("s");
  expect(duration?.histogram.dataPoints[0]?.explicitBounds).toStrictEqual([
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
  ]);
  expect(Number(duration?.histogram.dataPoints[0]?.count)).toBe(1);
  expect(duration?.histogram.dataPoints[0]?.sum).toBe(response.latencyMs / 1000);
  const tokens = byName["gen_ai.client.token.usage"];
  expect(tokens?.unit).toBe("{token}");
  expect(tokens?.histogram.dataPoints.map((point) => point.sum).sort()).toStrictEqual([2, 3]);
});
