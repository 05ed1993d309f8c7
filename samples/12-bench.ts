// 12 `chatwire bench`: an endpoint's latency under load. The sample runs the command as you would
// (`npx chatwire bench ...`): a warm-up request, then four streamed requests at concurrency 1 and four at
// 2, with a summary table, the server's own timings next to the client's, and the reports written to a
// temporary folder.
// Offline, the command benchmarks a real llama.cpp stream (recording 04) replayed at its recorded pace,
// served on a loopback port: the figures are the recorded server's.
// Run: npm run build && node samples/12-bench.ts

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { replayTraffic } from "chatwire/testing";
import { type FetchServer, serveFetch } from "./support/serve-fetch.ts";
import { loadRecordings, newSampleSetup } from "./support/setup.ts";

const recording = "04-streaming-with-usage";
const levels = [1, 2];
const requestsPerLevel = 4;
// One request first, left out of the figures: it pays for the connection and the first run of the code.
const warmup = 1;

const setup = await newSampleSetup([recording]);

// Offline: the one recorded exchange, once for every request the benchmark sends, served on loopback.
let server: FetchServer | undefined;
if (setup.isReplay) {
  const recorded = await loadRecordings([recording]);
  const sent = warmup + levels.length * requestsPerLevel;
  const exchanges = Array.from({ length: sent }, () => recorded.exchanges).flat();
  server = await serveFetch(replayTraffic({ ...recorded, exchanges }, { speed: 1 }));
}
const baseUrl = server?.baseUrl ?? process.env.CHATWIRE_BASE_URL ?? "";

// The `chatwire` command of the installed package: its package.json names it.
const packageUrl = import.meta.resolve("chatwire/package.json");
const { bin } = JSON.parse(readFileSync(fileURLToPath(packageUrl), "utf8")) as { bin: { chatwire: string } };
const out = join(tmpdir(), `chatwire-bench-sample-${process.pid}`);
const args = [
  "bench",
  "--base-url",
  baseUrl,
  "--model",
  setup.model,
  ...(process.env.CHATWIRE_API_KEY ? ["--api-key", process.env.CHATWIRE_API_KEY] : []),
  "--concurrency",
  levels.join(","),
  "--requests",
  String(requestsPerLevel),
  "--warmup",
  String(warmup),
  "--input-tokens",
  "8",
  "--output-tokens",
  "32",
  "--slo",
  "ttft:500,tpot:50",
  "--out",
  out,
];
console.log(`$ chatwire ${args.filter((arg) => arg !== process.env.CHATWIRE_API_KEY).join(" ")}`);

const child = spawn(process.execPath, [fileURLToPath(new URL(bin.chatwire, packageUrl)), ...args], {
  stdio: "inherit",
});
const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
await server?.close();
console.log(`open ${join(out, "report.html")} in a browser for the plots`);
process.exitCode = code ?? 1;
