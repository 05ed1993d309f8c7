// One measurement of one client in one round, in a fresh process (see README.md, "A process per
// measurement"). Run by the runner with `--expose-gc`; the job comes as JSON in argv[2], the report goes
// to stdout on one line starting with `BENCH_REPORT `.
import { type BenchClient, NotAvailableError } from "./clients/bench-client.ts";
import { findVariant } from "./clients/variants.ts";
import { median, percentile } from "./support/stats.ts";
import {
  type Framing,
  reportPrefix,
  streamModel,
  type Task,
  type WorkerJob,
  type WorkerReport,
} from "./support/tasks.ts";
import { chunksInStream } from "./support/wire-shapes.ts";

const hardLimitMs = 180_000;
setTimeout(() => {
  process.stderr.write(`bench worker: hard limit of ${hardLimitMs} ms reached\n`);
  process.exit(3);
}, hardLimitMs).unref();

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error("run the worker with --expose-gc");
  collect();
  collect();
};

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

let sink = 0;
const consume = (content: string | undefined): void => {
  sink += content === undefined ? 0 : content.length;
};

async function expectStream(client: BenchClient, chunks: number, framing: Framing = "event"): Promise<void> {
  const count = await client.stream(streamModel(framing, chunks), consume);
  if (count !== chunksInStream(chunks))
    throw new Error(`got ${count} chunks, expected ${chunksInStream(chunks)}`);
}

/**
 * CPU and wall time of `run`, after a full collection so that no earlier garbage is charged to it. `cpuMs`
 * is the whole process (GC helper and compiler threads included: they are part of what a client costs);
 * `mainThreadCpuMs` is the JavaScript thread alone, for diagnosis.
 */
async function measure<T>(run: () => Promise<T>): Promise<Record<string, number>> {
  gc();
  const cpuBefore = process.cpuUsage();
  const threadBefore = process.threadCpuUsage();
  const wallBefore = performance.now();
  await run();
  const wallMs = performance.now() - wallBefore;
  return {
    cpuMs: cpuMs(process.cpuUsage(cpuBefore)),
    mainThreadCpuMs: cpuMs(process.threadCpuUsage(threadBefore)),
    wallMs,
  };
}

/** Measures `run` several times and keeps the median of each figure. */
async function measureRepeated<T>(repeats: number, run: () => Promise<T>): Promise<Record<string, number>> {
  const runs: Record<string, number>[] = [];
  for (let index = 0; index < repeats; index++) runs.push(await measure(run));
  const names = Object.keys(runs[0] ?? {});
  return Object.fromEntries(
    names.map((name) => [name, median(runs.map((figures) => figures[name] ?? Number.NaN))]),
  );
}

async function sequential(client: BenchClient, requests: number): Promise<void> {
  for (let index = 0; index < requests; index++) consume(await client.complete("small"));
}

async function concurrent(client: BenchClient, requests: number, concurrency: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < requests) {
      next++;
      consume(await client.complete("small"));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** (handed to user code − sent) of each stamped chunk of a paced stream, in milliseconds. */
async function delays(client: BenchClient, chunks: number, gapMs: number): Promise<number[]> {
  const samples: number[] = [];
  const count = await client.stream(`paced-${chunks}-${gapMs}`, (content) => {
    const handedNs = process.hrtime.bigint();
    if (content === undefined || content === "") return;
    samples.push(Number(handedNs - BigInt(content)) / 1e6);
  });
  if (count !== chunksInStream(chunks) || samples.length !== chunks) {
    throw new Error(`paced stream: ${count} chunks and ${samples.length} stamps, expected ${chunks} stamps`);
  }
  return samples;
}

/** Opens a stream that the server holds open, and resolves once its first content chunk is handed over. */
function hold(client: BenchClient, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    client
      .stream(
        "hold",
        (content) => {
          if (content !== undefined && content !== "") resolve();
        },
        signal,
      )
      .then(
        () => reject(new Error("a held stream ended")),
        (error: unknown) => {
          if (!signal.aborted) reject(error);
        },
      );
  });
}

async function memory(client: BenchClient, streams: number): Promise<Record<string, number>> {
  // Warm-up: every code path the measured part takes, so lazily loaded modules are already in the baseline.
  await expectStream(client, 100);
  consume(await client.complete("small"));
  const warm = new AbortController();
  await hold(client, warm.signal);
  warm.abort();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  const before = process.memoryUsage();
  const controllers = Array.from({ length: streams }, () => new AbortController());
  await Promise.all(controllers.map((controller) => hold(client, controller.signal)));
  gc();
  const after = process.memoryUsage();
  for (const controller of controllers) controller.abort();
  return {
    heapPerStreamKiB: (after.heapUsed - before.heapUsed) / streams / 1024,
    rssPerStreamKiB: (after.rss - before.rss) / streams / 1024,
    externalPerStreamKiB: (after.external - before.external) / streams / 1024,
  };
}

async function run(job: WorkerJob): Promise<WorkerReport> {
  const task: Task = job.task;
  if (task.kind === "import") {
    const variant = findVariant(job.client);
    const specifiers = await variant.importSpecifiers();
    const before = performance.now();
    for (const specifier of specifiers) await import(specifier);
    const importMs = performance.now() - before;
    // Node loads its fetch implementation (undici) lazily, on first use: raw pays for it on its first call,
    // a client that touches `Request` at import time pays for it in its import. The first call shows both.
    consume(await (await variant.open(job.baseUrl)).complete("small"));
    return { ok: true, figures: { importMs, firstCallMs: performance.now() - before } };
  }
  const client = await findVariant(job.client).open(job.baseUrl);
  switch (task.kind) {
    case "stream": {
      // Whole streams as warm-up: the optimising compiler runs on its own thread, and would otherwise
      // still be compiling the hot path, on the process's CPU clock, during the measured stream.
      for (let index = 0; index < task.warmStreams; index++) {
        await expectStream(client, task.chunks, task.framing);
      }
      return {
        ok: true,
        figures: await measureRepeated(task.repeats, () => expectStream(client, task.chunks, task.framing)),
      };
    }
    case "sequential": {
      await sequential(client, task.warmRequests);
      return { ok: true, figures: await measure(() => sequential(client, task.requests)) };
    }
    case "concurrent": {
      await concurrent(client, task.warmRequests, task.concurrency);
      return {
        ok: true,
        figures: await measure(() => concurrent(client, task.requests, task.concurrency)),
      };
    }
    case "delay": {
      await expectStream(client, 2_000);
      const samples = await delays(client, task.chunks, task.gapMs);
      return {
        ok: true,
        figures: { medianMs: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99) },
        samples,
      };
    }
    case "memory":
      return { ok: true, figures: await memory(client, task.streams) };
  }
}

const job = JSON.parse(process.argv[2] ?? "{}") as WorkerJob;
const report = await run(job).catch(
  (error: unknown): WorkerReport =>
    error instanceof NotAvailableError
      ? { ok: false, skipped: error.message }
      : { ok: false, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) },
);
// Held streams and keep-alive sockets would keep the process alive: leave once the report is out. (The
// sink is read so that no engine can drop the user code's work as unused.)
process.stdout.write(`${reportPrefix}${JSON.stringify(report)}\n`, () => process.exit(sink < 0 ? 1 : 0));
