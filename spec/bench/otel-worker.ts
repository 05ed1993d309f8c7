// One measurement of chatwire's stream CPU, telemetry off or on, in a fresh process (see otel-overhead.ts).
// The job comes as JSON in argv[2]; the report goes to stdout on one line starting with `BENCH_REPORT `.
import type { ClientOption } from "../../lib/index.ts";
import { loadChatwire, newChatwireClient } from "./clients/chatwire.ts";
import { median } from "./support/stats.ts";
import { reportPrefix } from "./support/tasks.ts";
import { chunksInStream } from "./support/wire-shapes.ts";

interface OtelJob {
  readonly baseUrl: string;
  readonly variant: "off" | "on";
  readonly chunks: number;
}

const job = JSON.parse(process.argv[2] ?? "{}") as OtelJob;
setTimeout(() => process.exit(3), 180_000).unref();

const gc = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
};

/** Telemetry as an application would set it up: the real SDK, spans kept in memory, metrics aggregated. */
async function telemetryOptions(): Promise<readonly ClientOption[]> {
  if (job.variant === "off") return [];
  const { withTelemetry } = (await import(
    new URL("../../dist/node/otel/index.js", import.meta.url).href
  )) as typeof import("../../lib/otel/index.ts");
  const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = await import(
    "@opentelemetry/sdk-trace"
  );
  const { MeterProvider, InMemoryMetricExporter, AggregationTemporality, PeriodicExportingMetricReader } =
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
  return [withTelemetry({ tracerProvider, meterProvider })];
}

const chatwire = await loadChatwire();
const client = newChatwireClient(chatwire, job.baseUrl, ...(await telemetryOptions()));
let sink = 0;
const streamOnce = async (): Promise<void> => {
  const count = await client.stream(`fast-${job.chunks}`, (content) => {
    sink += content?.length ?? 0;
  });
  if (count !== chunksInStream(job.chunks)) throw new Error(`got ${count} chunks`);
};

await streamOnce();
await streamOnce();
const cpuUsMs: number[] = [];
for (let round = 0; round < 3; round++) {
  gc();
  const before = process.cpuUsage();
  await streamOnce();
  const used = process.cpuUsage(before);
  cpuUsMs.push((used.user + used.system) / 1000);
}
const cpuMs = median(cpuUsMs);
process.stdout.write(
  `${reportPrefix}${JSON.stringify({ ok: true, cpuMs, cpuUsPerChunk: (cpuMs * 1000) / chunksInStream(job.chunks), sink })}\n`,
);
process.exit(0);
