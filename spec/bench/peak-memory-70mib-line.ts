// Peak memory while a server sends one 70 MiB SSE line (issue 3: "a single event larger than a bound ends
// the stream with an error instead of growing memory"). chatwire, with its default and with a configured
// `maxEventBytes`, must end the stream with an error chunk while its peak heap and RSS growth stay under
// the bound plus a small constant; raw and openai are measured alongside for reference.
//   node spec/bench/peak-memory-70mib-line.ts [--no-build] [--with-raw]
// Each case runs in a fresh process (`--expose-gc`); the exit code is 1 when a chatwire case fails.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ClientOption } from "../../lib/index.ts";
import { type BenchClient, NotAvailableError } from "./clients/bench-client.ts";
import { runWorkerScript } from "./support/spawn-worker.ts";
import { startServer } from "./support/start-server.ts";
import { chunksInStream } from "./support/wire-shapes.ts";

const MiB = 1024 * 1024;
const lineBytes = 70 * MiB;
/**
 * The small constants on top of the bound. Heap (the JavaScript objects, where a decoder's buffered text
 * lives): the event's text plus a few reads' worth of garbage. RSS: also what fetch itself costs to read
 * that many bytes, which the "fetch floor" case measures (ArrayBuffers of finished reads wait for a GC and
 * show as `external`, V8's young generation grows under a high allocation rate, freed memory is not
 * returned to the OS at once).
 */
const heapSlackBytes = 8 * MiB;
const rssSlackBytes = 32 * MiB;
const defaultBoundBytes = 4 * MiB;

interface Case {
  readonly name: string;
  readonly client: "raw" | "chatwire" | "openai" | "floor";
  /** chatwire's `maxEventBytes`; `undefined` keeps the default. */
  readonly maxEventBytes?: number;
}

const cases: readonly Case[] = [
  { name: "chatwire, default maxEventBytes", client: "chatwire" },
  { name: "chatwire, maxEventBytes 1 MiB", client: "chatwire", maxEventBytes: MiB },
  {
    name: "fetch floor: read and drop 4 MiB, then cancel",
    client: "floor",
    maxEventBytes: defaultBoundBytes,
  },
  { name: "openai (reference)", client: "openai" },
  // Raw has no bound, and its splitter rescans a growing string: about 40 s and 700 MiB. Opt in.
  { name: "raw (reference)", client: "raw" },
];

/** What one case found. */
type Outcome =
  | {
      readonly ok: true;
      readonly boundBytes: number | null;
      readonly heapGrowthBytes: number;
      readonly externalGrowthBytes: number;
      readonly rssGrowthBytes: number;
      readonly maxRssGrowthBytes: number;
      readonly ended: string;
      readonly ms: number;
    }
  | { readonly ok: false; readonly skipped?: string; readonly failed?: string };

/** chatwire's own `withMaxEventBytes` where the build has it, else the same option written out. */
function maxEventBytesOption(chatwire: object, maxEventBytes: number): ClientOption {
  const exported = (chatwire as { withMaxEventBytes?: (bytes: number) => ClientOption }).withMaxEventBytes;
  return exported === undefined ? (config) => ({ ...config, maxEventBytes }) : exported(maxEventBytes);
}

/** The floor: fetch reads the line's bytes and drops them, and cancels past the bound. */
function newFloorClient(baseUrl: string, boundBytes: number): BenchClient {
  const stream = async (model: string): Promise<number> => {
    const response = await fetch(`${baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [], stream: true }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 0;
      bytes += value.byteLength;
      if (bytes > boundBytes && model.startsWith("line-")) {
        await reader.cancel();
        throw new Error(`cancelled after ${(bytes / MiB).toFixed(1)} MiB`);
      }
    }
  };
  return { complete: () => Promise.resolve(""), stream };
}

async function clientFor(
  which: Case,
  baseUrl: string,
): Promise<{ client: BenchClient; boundBytes: number | null }> {
  if (which.client === "floor") {
    const boundBytes = which.maxEventBytes ?? defaultBoundBytes;
    return { client: newFloorClient(baseUrl, boundBytes), boundBytes };
  }
  if (which.client === "raw")
    return { client: (await import("./clients/raw.ts")).newRawClient(baseUrl), boundBytes: null };
  if (which.client === "openai") {
    return { client: (await import("./clients/openai.ts")).newOpenAiClient(baseUrl), boundBytes: null };
  }
  const adapter = await import("./clients/chatwire.ts");
  const chatwire = await adapter.loadChatwire();
  const options =
    which.maxEventBytes === undefined ? [] : [maxEventBytesOption(chatwire, which.maxEventBytes)];
  const boundBytes = which.maxEventBytes ?? chatwire.defaultClientConfig().maxEventBytes;
  return { client: adapter.newChatwireClient(chatwire, baseUrl, ...options), boundBytes };
}

/** Runs one case in this (fresh) process. */
async function measureCase(which: Case, baseUrl: string): Promise<Outcome> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --expose-gc");
  const { client, boundBytes } = await clientFor(which, baseUrl);
  const warmCount = await client.stream("fast-100", () => undefined);
  if (which.client !== "floor" && warmCount !== chunksInStream(100)) {
    throw new Error(`warm-up stream: ${warmCount} chunks`);
  }
  gc();
  gc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakExternal = before.external;
  let peakRss = before.rss;
  const sample = (): void => {
    const now = process.memoryUsage();
    if (now.heapUsed > peakHeap) peakHeap = now.heapUsed;
    // Bytes read but not yet collected are ArrayBuffers, outside the V8 heap.
    if (now.external > peakExternal) peakExternal = now.external;
    if (now.rss > peakRss) peakRss = now.rss;
  };
  const sampler = setInterval(sample, 1);
  const startedMs = performance.now();
  let contentBytes = 0;
  const ended = await client
    .stream(`line-${lineBytes}`, (content) => {
      sample();
      contentBytes += content?.length ?? 0;
    })
    .then(
      (count) => `ended normally after ${count} chunks (${(contentBytes / MiB).toFixed(1)} MiB of content)`,
      (error: unknown) => {
        if (error instanceof NotAvailableError) throw error;
        return `failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
      },
    );
  const ms = performance.now() - startedMs;
  clearInterval(sampler);
  sample();
  return {
    ok: true,
    boundBytes,
    heapGrowthBytes: peakHeap - before.heapUsed,
    externalGrowthBytes: peakExternal - before.external,
    rssGrowthBytes: peakRss - before.rss,
    // maxRSS is the process's lifetime peak (KiB): an upper bound that no sampling gap can miss.
    maxRssGrowthBytes: Math.max(0, process.resourceUsage().maxRSS * 1024 - before.rss),
    ended,
    ms,
  };
}

const { values: args } = parseArgs({
  options: {
    case: { type: "string" },
    "base-url": { type: "string" },
    "no-build": { type: "boolean", default: false },
    "with-raw": { type: "boolean", default: false },
  },
});

if (args.case !== undefined) {
  const which = cases.find((item) => item.name === args.case);
  if (which === undefined) throw new Error(`no case ${args.case}`);
  const outcome = await measureCase(which, args["base-url"] ?? "").catch(
    (error: unknown): Outcome =>
      error instanceof NotAvailableError
        ? { ok: false, skipped: error.message }
        : { ok: false, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) },
  );
  process.stdout.write(`BENCH_REPORT ${JSON.stringify(outcome)}\n`, () => process.exit(0));
} else {
  if (!args["no-build"]) {
    // The project's own build script, whatever its tsdown configuration is.
    const built = spawnSync("npm", ["run", "--silent", "build"], {
      cwd: fileURLToPath(new URL("../../", import.meta.url)),
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (built.status !== 0) throw new Error("npm run build failed");
  }
  const server = await startServer(10 * 60_000);
  const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;
  let failures = 0;
  console.log(
    `One SSE line of ${mib(lineBytes)}. chatwire must end with an error chunk, its peak heap growth ` +
      `within maxEventBytes + ${mib(heapSlackBytes)} and its peak RSS growth within maxEventBytes + ${mib(rssSlackBytes)}.`,
  );
  console.log("");
  console.log(
    "| case | bound | peak heap growth | peak external growth | peak RSS growth (sampled / maxRSS) | time | how it ended | verdict |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const which of cases) {
    if (which.client === "raw" && !args["with-raw"]) {
      console.log(`| ${which.name} | | | | | | not run: pass --with-raw (about 40 s) | |`);
      continue;
    }
    const outcome = (await runWorkerScript(fileURLToPath(import.meta.url), [
      "--case",
      which.name,
      "--base-url",
      server.baseUrl,
    ])) as Outcome;
    if (!outcome.ok) {
      const why =
        outcome.skipped === undefined ? `failed: ${outcome.failed ?? "?"}` : `skipped: ${outcome.skipped}`;
      if (outcome.skipped === undefined && which.client === "chatwire") failures++;
      console.log(
        `| ${which.name} | | | | | | ${why.split("\n")[0]} | ${outcome.skipped === undefined ? "FAIL" : "not measured"} |`,
      );
      continue;
    }
    let verdict = "";
    if (which.client === "chatwire") {
      const bound = outcome.boundBytes ?? 0;
      const isError = outcome.ended.startsWith("failed:");
      const passed =
        isError &&
        outcome.heapGrowthBytes <= bound + heapSlackBytes &&
        Math.max(outcome.rssGrowthBytes, outcome.maxRssGrowthBytes) <= bound + rssSlackBytes;
      if (!passed) failures++;
      verdict = passed ? "pass" : "FAIL";
    }
    console.log(
      `| ${which.name} | ${outcome.boundBytes === null ? "none" : mib(outcome.boundBytes)} | ${mib(outcome.heapGrowthBytes)} | ${mib(outcome.externalGrowthBytes)} | ${mib(outcome.rssGrowthBytes)} / ${mib(outcome.maxRssGrowthBytes)} | ${Math.round(outcome.ms)} ms | ${outcome.ended} | ${verdict} |`,
    );
  }
  server.stop();
  process.exitCode = failures === 0 ? 0 : 1;
}
