import { err, ok, Result } from "neverthrow";
import { parseUnitDurationMs } from "../internal/unit-duration.ts";
import { benchDefaults, newProgram, type RawOptions } from "./command-line.ts";
import type { LevelBound, LoadLevel } from "./load-shape.ts";
import { ignoreEosProviders } from "./providers.ts";
import { parseSlo, type Slo } from "./slo.ts";

/** Everything `chatwire bench` was asked to do, checked. Durations in milliseconds. */
export interface BenchOptions {
  readonly baseUrl?: string;
  readonly model: string;
  readonly provider?: string;
  readonly apiKey?: string;
  readonly levels: readonly LoadLevel[];
  readonly bound: LevelBound;
  readonly warmup: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** True to send `ignore_eos: true`, so that every answer is `outputTokens` long. */
  readonly ignoreEos: boolean;
  readonly promptsFile?: string;
  readonly slo: Slo;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly seed: number;
  readonly outDir?: string;
}

/** What the command line asks for: a benchmark, a help or version text to print, or a usage error. */
export type ParsedArgs =
  | { readonly kind: "bench"; readonly options: BenchOptions }
  | { readonly kind: "print"; readonly text: string }
  | { readonly kind: "usage_error"; readonly message: string; readonly usage: string };

/**
 * Reads a duration: numbers with `ms`, `s`, `m` or `h` (`1m30s`), or a bare number of seconds. In milliseconds.
 * @example `parseDurationMs("1.5s") // 1500`
 */
function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : parseUnitDurationMs(trimmed);
}

const whole: ReadNumber = (name, text, min) => {
  const value = Number(text);
  return Number.isInteger(value) && value >= min && text.trim() !== ""
    ? ok(value)
    : err(`${name} must be a whole number ≥ ${min}, got "${text}"`);
};

type ReadNumber = (name: string, text: string, min: number) => Result<number, string>;

const positive: ReadNumber = (name, text) => {
  const value = Number(text);
  return value > 0 && Number.isFinite(value) ? ok(value) : err(`${name} must be a number > 0, got "${text}"`);
};

const list = (name: string, text: string, read: ReadNumber): Result<number[], string> => {
  const values: number[] = [];
  for (const part of text.split(",")) {
    const value = read(name, part.trim(), 1);
    if (value.isErr()) return err(value.error);
    values.push(value.value);
  }
  return ok(values);
};

const duration = (name: string, text: string): Result<number, string> => {
  const value = parseDurationMs(text);
  return value !== undefined && value > 0
    ? ok(value)
    : err(`${name} must be a duration like 500ms, 30s or 2m, got "${text}"`);
};

function loadLevels(raw: RawOptions): Result<LoadLevel[], string> {
  const concurrency = list("--concurrency", raw.concurrency ?? benchDefaults.concurrency, whole);
  if (concurrency.isErr()) return err(concurrency.error);
  if (raw.rate === undefined) {
    return ok(concurrency.value.map((value) => ({ kind: "concurrency", concurrency: value }) as const));
  }
  if (raw.concurrency !== undefined && concurrency.value.length > 1) {
    return err("--concurrency takes one value with --rate: the cap on requests in flight");
  }
  const rates = list("--rate", raw.rate, positive);
  const burstiness = positive("--burstiness", raw.burstiness, 0);
  if (rates.isErr()) return err(rates.error);
  if (burstiness.isErr()) return err(burstiness.error);
  const cap = raw.concurrency === undefined ? {} : { maxConcurrency: concurrency.value[0] as number };
  return ok(
    rates.value.map(
      (ratePerSecond) => ({ kind: "rate", ratePerSecond, burstiness: burstiness.value, ...cap }) as const,
    ),
  );
}

function checkOptions(raw: RawOptions): Result<BenchOptions, string> {
  if (raw.model === undefined || raw.model.trim() === "") return err("--model is required");
  if (raw.baseUrl === undefined && raw.provider === undefined)
    return err("--base-url (or --provider) is required");
  if (raw.baseUrl !== undefined && !/^https?:\/\/./.test(raw.baseUrl)) {
    return err(`--base-url must be an http(s) URL, got "${raw.baseUrl}"`);
  }
  const levels = loadLevels(raw);
  if (levels.isErr()) return err(levels.error);
  const requests = raw.requests === undefined ? undefined : whole("--requests", raw.requests, 1);
  const durationMs = raw.duration === undefined ? undefined : duration("--duration", raw.duration);
  const numbers = {
    requests,
    durationMs,
    warmup: whole("--warmup", raw.warmup, 0),
    inputTokens: whole("--input-tokens", raw.inputTokens, 1),
    outputTokens: whole("--output-tokens", raw.outputTokens, 1),
    timeoutMs: duration("--timeout", raw.timeout),
    maxRetries: whole("--max-retries", raw.maxRetries, 0),
    seed: whole("--seed", raw.seed, 0),
  };
  for (const value of Object.values(numbers)) if (value?.isErr()) return err(value.error);
  const read = (value: Result<number, string>): number => value.unwrapOr(0);
  const slo = raw.slo === undefined ? ok({}) : parseSlo(raw.slo);
  if (slo.isErr()) return err(slo.error);
  const bound: LevelBound =
    requests === undefined && durationMs === undefined
      ? { requests: benchDefaults.requests }
      : {
          ...(requests === undefined ? {} : { requests: requests.unwrapOr(0) }),
          ...(durationMs === undefined ? {} : { durationMs: durationMs.unwrapOr(0) }),
        };
  return ok({
    ...(raw.baseUrl === undefined ? {} : { baseUrl: raw.baseUrl }),
    model: raw.model,
    ...(raw.provider === undefined ? {} : { provider: raw.provider }),
    ...(raw.apiKey === undefined ? {} : { apiKey: raw.apiKey }),
    levels: levels.value,
    bound,
    warmup: read(numbers.warmup),
    inputTokens: read(numbers.inputTokens),
    outputTokens: read(numbers.outputTokens),
    ignoreEos: raw.ignoreEos ?? ignoreEosProviders.has(raw.provider ?? ""),
    ...(raw.prompts === undefined ? {} : { promptsFile: raw.prompts }),
    slo: slo.value,
    timeoutMs: read(numbers.timeoutMs),
    maxRetries: read(numbers.maxRetries),
    seed: read(numbers.seed),
    ...(raw.out === undefined ? {} : { outDir: raw.out }),
  });
}

/** The first line of commander's message, without its `error: ` prefix. */
const oneLine = (text: string): string => (text.trim().split("\n")[0] ?? "").replace(/^error: /, "");

/**
 * Reads `chatwire` command-line arguments (without the node and script paths). Never throws: bad
 * arguments give a `usage_error` with a one-line message and the usage text.
 * @example `parseArgs(["bench", "--base-url", "http://localhost:8000/v1", "--model", "qwen3", "--concurrency", "1,4,16"], "0.1.0")`
 */
export function parseArgs(args: readonly string[], version: string): ParsedArgs {
  const { program, bench } = newProgram(version);
  let printed = "";
  let failure = "";
  program.configureOutput({ writeOut: (text) => (printed += text), writeErr: (text) => (failure += text) });
  bench.configureOutput({ writeOut: (text) => (printed += text), writeErr: (text) => (failure += text) });
  let raw: RawOptions | undefined;
  bench.action((options: RawOptions) => {
    raw = options;
  });
  if (args.length === 0)
    return { kind: "usage_error", message: "no command given", usage: program.helpInformation() };
  const parsed = Result.fromThrowable(
    () => program.parse([...args], { from: "user" }),
    (error) => error as { readonly exitCode?: number; readonly message?: string },
  )();
  if (parsed.isErr()) {
    if (parsed.error.exitCode === 0) return { kind: "print", text: printed };
    const usage = args[0] === "bench" ? bench.helpInformation() : program.helpInformation();
    return { kind: "usage_error", message: oneLine(failure || String(parsed.error.message)), usage };
  }
  if (raw === undefined)
    return { kind: "usage_error", message: `unknown command "${args[0]}"`, usage: program.helpInformation() };
  const options = checkOptions(raw);
  return options.isOk()
    ? { kind: "bench", options: options.value }
    : { kind: "usage_error", message: options.error, usage: bench.helpInformation() };
}
