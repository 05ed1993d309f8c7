// The chatwire benchmark (issues 6, 14 and 16): raw fetch, ky as chatwire configures it, chatwire without and
// with telemetry, and the official openai package, side by side in one run. `npm run bench` (full sizes;
// writes results/latest.{json,md}) or `npm run bench:quick` (writes results/quick.tmp.{json,md}, ignored by
// git); see README.md for what each row means.
//   node spec/bench/run.ts [--quick] [--rounds N] [--out FILE] [--only TASK,...] [--clients NAME,...]
//                          [--profile DIR]   (every worker runs with --cpu-prof into DIR: the whole process,
//                                             start-up and warm-up included; profiling slows the clients, so
//                                             the figures of such a run are not comparable. Read the profiles
//                                             with profile-summary.ts.)
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ClientName } from "./clients/bench-client.ts";
import { chatwireBundledDistUrl } from "./clients/chatwire.ts";
import { defaultClientNames, findVariant } from "./clients/variants.ts";
import { type BundleSize, bundleCases, bundleSize, coreBundleTargetBytes } from "./support/bundle-size.ts";
import { describeMachine } from "./support/machine.ts";
import { countEvents, readWireChunks } from "./support/raw-chunks.ts";
import { type BenchResults, formatMarkdown } from "./support/report.ts";
import { buildRow, type FigureTable, rowSpecs } from "./support/rows.ts";
import { fullSizes, quickSizes, type Sizes } from "./support/sizes.ts";
import { runWorker } from "./support/spawn-worker.ts";
import { startServer } from "./support/start-server.ts";
import { median, percentile } from "./support/stats.ts";
import { measureTargets } from "./support/targets.ts";
import { streamModel, type Task, type TaskId, taskId, type WorkerReport } from "./support/tasks.ts";
import { chunksInStream } from "./support/wire-shapes.ts";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    out: { type: "string" },
    only: { type: "string" },
    clients: { type: "string" },
    profile: { type: "string" },
  },
});
const mode = args.quick ? "quick" : "full";
const base: Sizes = args.quick ? quickSizes : fullSizes;
const sizes: Sizes = args.rounds === undefined ? base : { ...base, rounds: Number(args.rounds) };
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
// Only a full run updates the tracked results; a quick one writes where git does not look.
const outFile =
  args.out ??
  fileURLToPath(new URL(`results/${mode === "full" ? "latest" : "quick.tmp"}.json`, import.meta.url));

/** The tasks of one round, in the order each round runs them. */
function roundTasks(): readonly Task[] {
  return [
    {
      kind: "stream",
      framing: "event",
      chunks: sizes.streamChunks,
      warmStreams: sizes.warmStreams,
      repeats: sizes.measuredStreams,
    },
    {
      kind: "stream",
      framing: "64KiB",
      chunks: sizes.batchedStreamChunks,
      warmStreams: sizes.warmStreams,
      repeats: sizes.measuredStreams,
    },
    { kind: "sequential", requests: sizes.requests, warmRequests: sizes.warmRequests },
    {
      kind: "concurrent",
      requests: sizes.requests,
      concurrency: sizes.concurrency,
      warmRequests: sizes.warmRequests,
    },
    { kind: "delay", chunks: sizes.pacedChunks, gapMs: sizes.gapMs },
    { kind: "memory", streams: sizes.openStreams },
    { kind: "import" },
  ];
}

const figures: FigureTable = new Map();
const delaySamples = new Map<ClientName, number[][]>();
const missing = new Map<string, string>();
const notes: string[] = [];
const skipped = new Map<string, TaskId[]>();

function record(
  task: TaskId,
  client: ClientName,
  round: number,
  values: Readonly<Record<string, number>>,
): void {
  const byClient = figures.get(task) ?? new Map<ClientName, Map<string, (number | null)[]>>();
  figures.set(task, byClient);
  const byFigure = byClient.get(client) ?? new Map<string, (number | null)[]>();
  byClient.set(client, byFigure);
  for (const [name, value] of Object.entries(values)) {
    const rounds = byFigure.get(name) ?? Array.from({ length: sizes.rounds }, () => null);
    rounds[round] = value;
    byFigure.set(name, rounds);
  }
}

const rotate = <T>(items: readonly T[], by: number): T[] =>
  items.map((_, index) => items[(index + by) % items.length] as T);

const startedMs = performance.now();
const startLoad = loadavg()[0] ?? 0;
const server = await startServer(30 * 60_000);
const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};
log(`bench (${mode}): server on ${server.baseUrl}; ${sizes.rounds} rounds`);

const taskFilter = args.only?.split(",");
const clients: readonly ClientName[] =
  args.clients === undefined
    ? defaultClientNames
    : ["raw", ...args.clients.split(",").filter((name) => name !== "raw")].map(
        (name) => findVariant(name).name,
      );

/**
 * Checks, from the raw bytes of one response, that the server gives each SSE event of the default stream
 * its own HTTP chunk: the bench's figures mean nothing if Node coalesced the writes.
 */
async function checkFraming(): Promise<void> {
  const events = 50;
  const { chunks } = await readWireChunks(
    `${server.baseUrl}/chat/completions`,
    JSON.stringify({ model: streamModel("event", events), stream: true }),
  );
  // Every chunk of the stream and `[DONE]`, each alone in its HTTP chunk.
  const expected = chunksInStream(events) + 1;
  const oneEach = chunks.every((chunk) => countEvents(chunk) === 1);
  if (!oneEach || chunks.length !== expected) {
    throw new Error(`bench server: ${chunks.length} HTTP chunks for ${expected} events, not one per event`);
  }
  log(`  framing checked: ${chunks.length} events in ${chunks.length} HTTP chunks`);
}
await checkFraming();
const nodeFlags = args.profile === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${args.profile}`];

function recordFailure(task: TaskId, client: ClientName, report: WorkerReport): void {
  if (report.ok) return;
  const why = "skipped" in report ? `skipped: ${report.skipped}` : `failed: ${report.failed}`;
  const key = `${task}/${client}`;
  if (!missing.has(key)) log(`  ${client} ${task} ${why}`);
  missing.set(key, "skipped" in report ? "skipped" : "failed");
  if ("skipped" in report) {
    const reason = `${client}: ${report.skipped}`;
    skipped.set(reason, [...new Set([...(skipped.get(reason) ?? []), task])]);
  }
}

/** The median of each figure over several reports of one client. */
function medianFigures(reports: readonly WorkerReport[]): Record<string, number> | undefined {
  const figureSets = reports.flatMap((report) => (report.ok ? [report.figures] : []));
  const first = figureSets[0];
  if (first === undefined) return undefined;
  return Object.fromEntries(
    Object.keys(first).map((name) => [name, median(figureSets.map((set) => set[name] ?? Number.NaN))]),
  );
}

for (let round = 0; round < sizes.rounds; round++) {
  const order = rotate(clients, round);
  const roundStartMs = performance.now();
  const taskSeconds: string[] = [];
  for (const task of roundTasks().filter((item) => taskFilter?.includes(taskId(item)) ?? true)) {
    const taskStartMs = performance.now();
    const repeats =
      task.kind === "import"
        ? sizes.importRepeats
        : task.kind !== "stream"
          ? 1
          : task.framing === "event"
            ? sizes.streamProcesses
            : sizes.batchedStreamProcesses;
    const reports = new Map<ClientName, WorkerReport[]>();
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const client of order) {
        const report = await runWorker({ client, baseUrl: server.baseUrl, task }, nodeFlags);
        reports.set(client, [...(reports.get(client) ?? []), report]);
      }
    }
    for (const [client, list] of reports) {
      const values = medianFigures(list);
      if (values === undefined) {
        const failure = list.find((report) => !report.ok);
        if (failure !== undefined) recordFailure(taskId(task), client, failure);
        continue;
      }
      record(taskId(task), client, round, values);
      for (const report of list) {
        if (!report.ok || report.samples === undefined) continue;
        delaySamples.set(client, [...(delaySamples.get(client) ?? []), [...report.samples]]);
      }
    }
    taskSeconds.push(`${taskId(task)} ${((performance.now() - taskStartMs) / 1000).toFixed(0)}`);
  }
  const roundS = ((performance.now() - roundStartMs) / 1000).toFixed(1);
  log(`  round ${round + 1}/${sizes.rounds} done in ${roundS} s (${taskSeconds.join(", ")} s)`);
}
server.stop();
for (const [why, tasks] of skipped)
  notes.push(`${why}: its ${tasks.join(", ")} rows are skipped (run the bench again once it is there).`);

const bundles: BundleSize[] = [];
for (const bundle of bundleCases(fileURLToPath(chatwireBundledDistUrl))) {
  const size = await bundleSize(bundle, projectRoot).catch((error: unknown) => {
    notes.push(`bundle ${bundle.client}/${bundle.variant} failed: ${String(error).split("\n")[0]}`);
    return undefined;
  });
  if (size !== undefined) bundles.push(size);
}

/** Every delay sample of every round, pooled, for the JSON file. */
function pooledDelays(): Record<string, { medianMs: number; p99Ms: number; samples: number }> {
  return Object.fromEntries(
    [...delaySamples].map(([client, rounds]) => {
      const all = rounds.flat();
      return [client, { medianMs: percentile(all, 0.5), p99Ms: percentile(all, 0.99), samples: all.length }];
    }),
  );
}

const rows = rowSpecs(sizes).filter((spec) => taskFilter?.includes(spec.task) ?? true);
const results: BenchResults = {
  date: new Date().toISOString(),
  mode,
  machine: describeMachine(),
  sizes,
  durationS: Math.round((performance.now() - startedMs) / 1000),
  loadAverage: { start: startLoad, end: loadavg()[0] ?? 0 },
  rows: rows.map((spec) => buildRow(spec, figures, missing, clients)),
  targets: measureTargets(rows, figures),
  bundles,
  bundleTargetBytes: coreBundleTargetBytes,
  notes,
  pooledDelays: pooledDelays(),
  figures: Object.fromEntries(
    [...figures].map(([task, byClient]) => [
      task,
      Object.fromEntries([...byClient].map(([client, byFigure]) => [client, Object.fromEntries(byFigure)])),
    ]),
  ),
};

const markdown = formatMarkdown(results, clients);
process.stdout.write(`\n${markdown}`);
mkdirSync(fileURLToPath(new URL(".", `file://${outFile}`)), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(outFile.replace(/\.json$/, ".md"), markdown);
log(`\nwritten: ${outFile} (and .md), in ${results.durationS} s`);
