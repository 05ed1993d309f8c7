import type { ClientOption } from "../../../lib/index.ts";

type ChatwireOtel = typeof import("../../../lib/otel/index.ts");

/** What Node loads for `import "chatwire/otel"`: the subpath resolved through the package's `exports` map. */
export const chatwireOtelDistUrl: URL = new URL(import.meta.resolve("chatwire/otel"));

/**
 * `withTelemetry` from `chatwire/otel` (dist) on the real OpenTelemetry SDK, set up as an application sets
 * it up: every span ended to an in-memory exporter through a `SimpleSpanProcessor`, the metrics aggregated
 * by a `MeterProvider` whose `PeriodicExportingMetricReader` exports every 60 s (so never within a
 * measurement). `npm run bench` builds `dist/` first.
 */
export async function withSdkTelemetry(): Promise<ClientOption> {
  const { withTelemetry } = (await import(chatwireOtelDistUrl.href)) as ChatwireOtel;
  const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = await import(
    "@opentelemetry/sdk-trace"
  );
  const { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } =
    await import("@opentelemetry/sdk-metrics");
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })],
  });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: 60_000,
      }),
    ],
  });
  return withTelemetry({ tracerProvider, meterProvider });
}
