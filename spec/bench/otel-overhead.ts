// The cost of chatwire/otel per streamed chunk (issue 16): chatwire streaming the bench stream with
// telemetry off (no withTelemetry: nothing installed) and on (withTelemetry with the real SDK, spans kept
// in memory, histograms aggregated), each measurement in a fresh process, rounds alternating, the ratio
// taken per round. `npm run build` first.
//
//   node spec/bench/otel-overhead.ts [--rounds N] [--chunks N]
import { fileURLToPath } from "node:url";
import { runWorkerScript } from "./support/spawn-worker.ts";
import { startServer } from "./support/start-server.ts";
import { median } from "./support/stats.ts";

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const rounds = argument("--rounds", 5);
const chunks = argument("--chunks", 20_000);
const workerPath = fileURLToPath(new URL("./otel-worker.ts", import.meta.url));

type Report =
  | { readonly ok: true; readonly cpuUsPerChunk: number }
  | { readonly ok: false; readonly failed: string };

const server = await startServer(30 * 60_000);
const ratios: number[] = [];
const perChunk: Record<"off" | "on", number[]> = { off: [], on: [] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const);
  const figures: Partial<Record<"off" | "on", number>> = {};
  for (const variant of order) {
    const report = (await runWorkerScript(workerPath, [
      JSON.stringify({ baseUrl: server.baseUrl, variant, chunks }),
    ])) as Report;
    if (!report.ok) throw new Error(`${variant}: ${report.failed}`);
    figures[variant] = report.cpuUsPerChunk;
    perChunk[variant].push(report.cpuUsPerChunk);
  }
  ratios.push((figures.on ?? Number.NaN) / (figures.off ?? Number.NaN));
  console.log(
    `round ${round + 1}: off ${figures.off?.toFixed(2)} µs/chunk, on ${figures.on?.toFixed(2)} µs/chunk`,
  );
}
server.stop();
const sorted = [...ratios].sort((a, b) => a - b);
console.log(
  `| Stream CPU per chunk, telemetry on ÷ off | ${median(ratios).toFixed(3)}x (${sorted[0]?.toFixed(3)}–${sorted.at(-1)?.toFixed(3)}) | off ${median(perChunk.off).toFixed(2)} µs, on ${median(perChunk.on).toFixed(2)} µs | ≤ 1.10x |`,
);
