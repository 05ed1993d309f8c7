import type { ChatCompletionRequest, Client, ClientOption } from "../index.ts";
import { newSeededRandom } from "../internal/seeded-random.ts";
import { type BenchOptions, parseArgs } from "./args.ts";
import type { BenchReport } from "./bench-report.ts";
import { newDownGuard } from "./down-guard.ts";
import { type LevelSummary, peakGoodputLevel, summarizeLevel } from "./level-summary.ts";
import { levelLabel } from "./load-shape.ts";
import { newProgress, type OutputStream } from "./progress.ts";
import { readPromptsFile } from "./prompts.ts";
import { providerPresets } from "./providers.ts";
import type { RequestSample } from "./request-sample.ts";
import { runLevel } from "./run-level.ts";
import { newBenchClient, newRequestSource, sendRequest } from "./send-request.ts";
import { terminalReport } from "./text-report.ts";
import { writeReport } from "./write-report.ts";

/** What `runBench` reads and writes: the process's streams and Ctrl-C, or a test's stand-ins. */
export interface BenchIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Ctrl-C: stops the benchmark, aborts the requests in flight, and the partial report is still written. */
  readonly signal?: AbortSignal;
  /** Client options applied after the command line's (a test's `withFetch`, `withClock`). */
  readonly clientOptions?: readonly ClientOption[];
  /** The benchmark's clock, in milliseconds. @default `performance.now` */
  readonly now?: () => number;
  /** The version `--version` prints. */
  readonly version?: string;
}

/** Exit codes: 0 ran, 1 no request completed or the report could not be written, 2 bad arguments, 130 Ctrl-C. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Runs every load level in turn (after the warm-up) and summarises each. */
async function runLevels(
  options: BenchOptions,
  client: Client,
  nextRequest: () => ChatCompletionRequest,
  io: BenchIo,
  now: () => number,
): Promise<{ readonly levels: LevelSummary[]; readonly samples: RequestSample[] }> {
  const signal = io.signal ?? new AbortController().signal;
  const random = newSeededRandom(options.seed + 1);
  const progress = newProgress(io.stdout, now);
  const send = (level: string, levelStartMs: number) => (index: number, abort: AbortSignal) =>
    sendRequest(client, nextRequest(), { level, index, levelStartMs }, now, abort);
  if (options.warmup > 0) {
    const first = options.levels[0];
    const concurrency = Math.min(options.warmup, first?.kind === "concurrency" ? first.concurrency : 1);
    progress.startLevel("warm-up", 0, options.levels.length);
    await runLevel(
      { kind: "concurrency", concurrency },
      { requests: options.warmup },
      {
        send: send("warm-up", now()),
        now,
        random,
        signal,
        onSample: progress.addSample,
      },
    );
    progress.endLevel();
  }
  const levels: LevelSummary[] = [];
  const samples: RequestSample[] = [];
  for (const [position, load] of options.levels.entries()) {
    if (signal.aborted) break;
    const label = levelLabel(load);
    progress.startLevel(label, position + 1, options.levels.length);
    const guard = newDownGuard(load, options.bound, signal);
    const run = await runLevel(load, options.bound, {
      send: send(label, now()),
      now,
      random,
      signal: guard.signal,
      onSample: (sample) => {
        progress.addSample(sample);
        guard.addSample(sample);
      },
    });
    guard.release();
    progress.endLevel();
    // Requests cut short by Ctrl-C or the guard say nothing about the server: left out of the figures.
    const kept = guard.signal.aborted
      ? run.samples.filter((sample) => sample.errorKind !== "aborted")
      : run.samples;
    if (signal.aborted && kept.length === 0) break;
    samples.push(...kept);
    levels.push(summarizeLevel(load, kept, run, options.slo, signal.aborted, guard.stoppedBecause()));
  }
  return { levels, samples };
}

/**
 * Runs `chatwire bench` with command-line arguments (without the node and script paths): sends streamed
 * chat completions at each load level, prints the live progress (on a terminal) and a summary table,
 * and with `--out` writes the samples, the summary and the HTML report. Never throws, never rejects;
 * resolves to the exit code (see {@link exitCodes}).
 * @example `process.exitCode = await runBench(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })`
 */
export async function runBench(args: readonly string[], io: BenchIo): Promise<number> {
  const parsed = parseArgs(args, io.version ?? "unknown");
  if (parsed.kind === "print") {
    io.stdout.write(parsed.text);
    return exitCodes.ok;
  }
  if (parsed.kind === "usage_error") {
    io.stderr.write(`chatwire: ${parsed.message}\n\n${parsed.usage}`);
    return exitCodes.usage;
  }
  const { options } = parsed;
  const prompts = options.promptsFile === undefined ? undefined : await readPromptsFile(options.promptsFile);
  if (prompts?.isErr()) {
    io.stderr.write(`chatwire: ${prompts.error}\n`);
    return exitCodes.usage;
  }
  const promptList = prompts?.isOk() ? prompts.value : undefined;
  const now = io.now ?? (() => performance.now());
  const startedAt = new Date().toISOString();
  const client = newBenchClient(options, io.clientOptions ?? []);
  const nextRequest = newRequestSource(options, promptList);
  const { levels, samples } = await runLevels(options, client, nextRequest, io, now);
  const isInterrupted = io.signal?.aborted === true;
  const peak = peakGoodputLevel(levels);
  const preset = options.provider === undefined ? undefined : providerPresets[options.provider]?.();
  const report: BenchReport = {
    tool: "chatwire bench",
    version: io.version ?? "unknown",
    startedAt,
    baseUrl: options.baseUrl ?? preset?.baseUrl ?? "",
    model: options.model,
    ...(options.provider === undefined ? {} : { provider: options.provider }),
    bound: options.bound,
    warmup: options.warmup,
    prompts: {
      inputTokens: options.inputTokens,
      outputTokens: options.outputTokens,
      ...(options.promptsFile === undefined ? {} : { file: options.promptsFile }),
    },
    ignoreEos: options.ignoreEos,
    slo: options.slo,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    seed: options.seed,
    levels,
    ...(peak === undefined ? {} : { peakGoodputLevel: peak.label }),
    isInterrupted,
  };
  io.stdout.write(terminalReport(report));
  if (options.outDir !== undefined) {
    const written = await writeReport(options.outDir, report, samples);
    if (written.isErr()) {
      io.stderr.write(`chatwire: ${written.error}\n`);
      return exitCodes.failed;
    }
    io.stdout.write(`wrote ${written.value.join(", ")}\n`);
  }
  if (isInterrupted) return exitCodes.interrupted;
  return levels.some((level) => level.completed > 0) ? exitCodes.ok : exitCodes.failed;
}
