import { Command, Option } from "commander";
import { providerPresets } from "./providers.ts";

/** The defaults of `chatwire bench`, in one place. */
export const benchDefaults = {
  concurrency: "1",
  requests: 20,
  burstiness: 1,
  warmup: 0,
  inputTokens: 128,
  outputTokens: 128,
  timeout: "60s",
  maxRetries: 0,
  seed: 0,
} as const;

/** The options as commander reads them: strings, checked by `parseArgs`. */
export interface RawOptions {
  readonly baseUrl?: string;
  readonly model?: string;
  readonly provider?: string;
  readonly apiKey?: string;
  readonly concurrency?: string;
  readonly rate?: string;
  readonly burstiness: string;
  readonly requests?: string;
  readonly duration?: string;
  readonly warmup: string;
  readonly inputTokens: string;
  readonly outputTokens: string;
  readonly ignoreEos?: boolean;
  readonly prompts?: string;
  readonly slo?: string;
  readonly timeout: string;
  readonly maxRetries: string;
  readonly seed: string;
  readonly out?: string;
}

/** The `chatwire` program and its `bench` command (commander), which exit by throwing, never by exiting. */
export function newProgram(version: string): { readonly program: Command; readonly bench: Command } {
  const program = new Command("chatwire")
    .description("chatwire's command line")
    .version(version)
    .exitOverride()
    .helpCommand(false);
  const bench = program
    .command("bench")
    .description("Measure an OpenAI-compatible endpoint's latency and throughput under load")
    .option("--base-url <url>", "the API root, version path included (http://localhost:8000/v1)")
    .option("--model <name>", "the model to ask (required)")
    .addOption(
      new Option("--provider <name>", "a chatwire preset: its base URL, key variable and body rules").choices(
        Object.keys(providerPresets),
      ),
    )
    .option("--api-key <key>", "the API key (default: OPENAI_API_KEY, or the preset's variable)")
    .option("--concurrency <list>", "requests in flight, or a sweep: 1,2,4,8,16 (with --rate: the cap)")
    .option("--rate <list>", "requests per second, Poisson arrivals, or a sweep: 1,2,4")
    .option(
      "--burstiness <n>",
      "gamma shape of the arrival gaps: 1 Poisson, <1 burstier",
      String(benchDefaults.burstiness),
    )
    .option(
      "--requests <n>",
      `requests per load level (default ${benchDefaults.requests} without --duration)`,
    )
    .option("--duration <time>", "time per load level: 500ms, 60s, 2m (a bare number is seconds)")
    .option(
      "--warmup <n>",
      "requests sent and discarded before the first level",
      String(benchDefaults.warmup),
    )
    .option(
      "--input-tokens <n>",
      "synthetic prompt length, in tokens (about)",
      String(benchDefaults.inputTokens),
    )
    .option("--output-tokens <n>", "max_tokens of each request", String(benchDefaults.outputTokens))
    .option("--ignore-eos", "send ignore_eos: true (default with --provider vllm or llama-cpp)")
    .option("--no-ignore-eos", "never send ignore_eos")
    .option("--prompts <file>", 'a JSONL file of prompts: {"messages": [...]} per line, used in turn')
    .option("--slo <list>", "objectives for goodput, in ms: ttft:500,tpot:50 (also itl, e2el)")
    .option(
      "--timeout <time>",
      "bounds the wait for headers and each gap between chunks",
      benchDefaults.timeout,
    )
    .option(
      "--max-retries <n>",
      "retries of a failed request before its stream opens",
      String(benchDefaults.maxRetries),
    )
    .option("--seed <n>", "seed of the synthetic prompts and arrival gaps", String(benchDefaults.seed))
    .option("--out <dir>", "write samples.jsonl, summary.json, summary.md and report.html there")
    .exitOverride();
  return { program, bench };
}
