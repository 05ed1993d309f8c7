import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { runBench } from "../../lib/cli/bench.ts";
import type { BenchReport } from "../../lib/cli/bench-report.ts";
import type { RequestSample } from "../../lib/cli/request-sample.ts";
import { percentile } from "../../lib/cli/statistics.ts";
import { downEndpointUrl } from "../../samples/support/setup.ts";
import { type Answer, newCollector, type PacedServer, startPacedServer } from "./support/paced-server.ts";

// `chatwire bench` driven in-process against a loopback server with known pacing: the first token 100 ms
// after the request, then one every 20 ms. Absolute times are checked against what the pacing makes
// impossible to beat (a TTFT below 100 ms), with wide upper bounds; the arithmetic (TPOT, percentiles,
// throughput, goodput) is checked exactly against the raw samples the command wrote.

const folder = mkdtempSync(join(tmpdir(), "chatwire-bench-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let server: PacedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const paced = (tokens = 6, firstTokenMs = 100): Answer => ({
  kind: "stream",
  firstTokenMs,
  chunkIntervalMs: 20,
  tokens,
  usage: true,
});

async function bench(answerFor: (index: number) => Answer, args: readonly string[]) {
  server = await startPacedServer(answerFor);
  const out = join(folder, `run-${Math.random().toString(36).slice(2)}`);
  const stdout = newCollector();
  const stderr = newCollector();
  const code = await runBench(
    ["bench", "--base-url", server.baseUrl, "--model", "paced", "--out", out, ...args],
    {
      stdout,
      stderr,
    },
  );
  const read = (name: string): string => readFileSync(join(out, name), "utf8");
  const report = JSON.parse(read("summary.json")) as BenchReport;
  const samples = read("samples.jsonl")
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as RequestSample);
  return { code, stdout: stdout.text(), stderr: stderr.text(), report, samples, read, server };
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

describe("chatwire bench against a paced server", () => {
  it("measures TTFT, ITL, TPOT and end-to-end latency per request, and summarises them exactly", async () => {
    const run = await bench(() => paced(), ["--concurrency", "4", "--requests", "8"]);
    expect({ code: run.code, stderr: run.stderr }).toStrictEqual({ code: 0, stderr: "" });
    // Four at a time (three when a busy machine opens the fourth connection after the first answer ended).
    expect(run.server.maxInFlight()).toBeLessThanOrEqual(4);
    expect(run.server.maxInFlight()).toBeGreaterThanOrEqual(3);
    expect(run.samples).toHaveLength(8);
    for (const sample of run.samples) {
      expect(sample).toMatchObject({
        level: "concurrency 4",
        isOk: true,
        outputTokens: 6,
        tokenSource: "usage",
      });
      const { ttftMs = 0, e2eLatencyMs = 0, tpotMs = 0, itlMs } = sample;
      // The server waits 100 ms for the first token and 20 ms between tokens: nothing arrives sooner.
      expect(ttftMs).toBeGreaterThanOrEqual(99);
      expect(ttftMs).toBeLessThan(2_000);
      expect(e2eLatencyMs - ttftMs).toBeGreaterThan(0);
      expect(e2eLatencyMs).toBeGreaterThanOrEqual(199);
      // One gap per token after the first, adding up to the span from the first token to the end.
      expect(itlMs).toHaveLength(5);
      expect(itlMs.reduce((sum, gap) => sum + gap, 0)).toBeCloseTo(e2eLatencyMs - ttftMs, 6);
      expect(tpotMs).toBeCloseTo((e2eLatencyMs - ttftMs) / 5, 9);
      // The server's own llama.cpp timings, side by side: 40 ms prompt, 50 tokens/s.
      expect(sample.server).toStrictEqual({
        format: "llama.cpp",
        ttftMs: 40,
        tpotMs: 20,
        promptMs: 40,
        decodeMs: 100,
        outputTokens: 6,
      });
    }
    const [level] = run.report.levels;
    const ttfts = sorted(run.samples.map((sample) => sample.ttftMs ?? 0));
    expect(level?.ttftMs).toMatchObject({
      count: 8,
      min: ttfts[0],
      max: ttfts[7],
      p50: percentile(ttfts, 50),
      p90: percentile(ttfts, 90),
      p99: percentile(ttfts, 99),
      mean: expect.closeTo(ttfts.reduce((sum, value) => sum + value, 0) / 8, 9),
    });
    expect(level?.itlMs?.count).toBe(40);
    expect(level?.tpotMs?.p50).toBe(percentile(sorted(run.samples.map((sample) => sample.tpotMs ?? 0)), 50));
    expect(level?.server?.tpotMs?.p50).toBe(20);
    // Throughput over the level's span; four at a time, each at least 200 ms: at most 20 requests/s.
    expect(level).toMatchObject({
      requests: 8,
      completed: 8,
      failed: 0,
      errorRate: 0,
      totalOutputTokens: 48,
    });
    const durationMs = level?.durationMs ?? 0;
    expect(durationMs).toBeGreaterThanOrEqual(399);
    expect(level?.requestThroughput).toBeCloseTo((8 * 1000) / durationMs, 9);
    expect(level?.outputTokenThroughput).toBeCloseTo((48 * 1000) / durationMs, 9);
    expect(level?.requestThroughput).toBeLessThanOrEqual(20.1);
    // Without --slo every completed request is good.
    expect(level?.goodput).toBe(level?.requestThroughput);
    expect(run.report.peakGoodputLevel).toBe("concurrency 4");
  });

  it("counts goodput under --slo: only the requests whose TTFT and TPOT meet it", async () => {
    // Even requests answer after 100 ms, odd ones after 1 s: a TTFT objective of 700 ms splits them.
    const run = await bench(
      (index) => paced(3, index % 2 === 0 ? 100 : 1_000),
      ["--concurrency", "8", "--requests", "8", "--slo", "ttft:700,tpot:5000"],
    );
    const [level] = run.report.levels;
    const good = run.samples.filter((sample) => (sample.ttftMs ?? 0) <= 700).length;
    expect(good).toBe(4);
    expect(level?.goodRequests).toBe(4);
    expect(level?.goodput).toBeCloseTo((4 * 1000) / (level?.durationMs ?? 1), 9);
    expect(run.report.slo).toStrictEqual({ ttft: 700, tpot: 5000 });
    expect(run.stdout).toContain("goodput peaks at concurrency 8");
  });

  it("sweeps concurrency levels and names the level where goodput peaks", async () => {
    const run = await bench(
      () => paced(3),
      ["--concurrency", "1,4", "--requests", "4", "--slo", "ttft:60000"],
    );
    expect(run.report.levels.map((level) => [level.label, level.completed])).toStrictEqual([
      ["concurrency 1", 4],
      ["concurrency 4", 4],
    ]);
    const best = [...run.report.levels].sort((a, b) => b.goodput - a.goodput)[0];
    expect(run.report.peakGoodputLevel).toBe(best?.label);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^level +ok +failed +req\/s +out tok\/s +goodput\/s +TTFT p50/);
    expect(lines.filter((line) => /^concurrency \d +4 +0 /.test(line))).toHaveLength(2);
  });

  it("sends requests at a rate, never more in flight than the --concurrency cap", async () => {
    const run = await bench(
      () => paced(3),
      ["--rate", "50", "--concurrency", "2", "--requests", "6", "--seed", "3"],
    );
    expect(run.report.levels[0]).toMatchObject({ label: "rate 50/s", completed: 6 });
    expect(run.server.bodies).toHaveLength(6);
    expect(run.server.maxInFlight()).toBeLessThanOrEqual(2);
  });

  it("asks for usage and max_tokens, sends ignore_eos for llama.cpp, and discards the warm-up", async () => {
    const run = await bench(
      () => paced(3),
      [
        "--provider",
        "llama-cpp",
        "--requests",
        "2",
        "--warmup",
        "1",
        "--input-tokens",
        "16",
        "--output-tokens",
        "3",
      ],
    );
    expect(run.server.bodies).toHaveLength(3);
    const [body] = run.server.bodies;
    expect(body).toMatchObject({
      model: "paced",
      max_tokens: 3,
      stream: true,
      stream_options: { include_usage: true },
      ignore_eos: true,
    });
    const messages = (body?.messages ?? []) as { content: string }[];
    const words = String(messages[0]?.content).split(" ");
    expect(words).toHaveLength(16);
    expect(run.samples).toHaveLength(2);
    expect(run.report).toMatchObject({ provider: "llama-cpp", warmup: 1, ignoreEos: true });
  });

  it("takes prompts from a JSONL file, in turn, and sends no ignore_eos to an unknown server", async () => {
    const prompts = join(folder, "prompts.jsonl");
    writeFileSync(
      prompts,
      `${JSON.stringify({ messages: [{ role: "user", content: "one" }] })}\n\n${JSON.stringify({ prompt: "two" })}\n`,
    );
    const run = await bench(() => paced(2), ["--prompts", prompts, "--requests", "3"]);
    expect(run.server.bodies.map((body) => body.messages)).toStrictEqual([
      [{ role: "user", content: "one" }],
      [{ role: "user", content: "two" }],
      [{ role: "user", content: "one" }],
    ]);
    expect(run.server.bodies[0]).not.toHaveProperty("ignore_eos");
  });

  it("writes the summary as Markdown and a self-contained HTML report with the plot data", async () => {
    const run = await bench(() => paced(), ["--concurrency", "1,2", "--requests", "2"]);
    const markdown = run.read("summary.md");
    expect(markdown).toContain("# chatwire bench: paced");
    expect(markdown).toContain("| level | ok | failed | req/s |");
    expect(markdown).toContain("## Time to first token (ms)");
    expect(markdown).toContain("| concurrency 2 | 2 |");
    const html = run.read("report.html");
    const data = JSON.parse(
      /<script type="application\/json" id="bench-data">(.*?)<\/script>/s.exec(html)?.[1] ?? "",
    );
    expect(data.levels.map((level: { label: string }) => level.label)).toStrictEqual([
      "concurrency 1",
      "concurrency 2",
    ]);
    expect(data.levels[1].ttft).toStrictEqual(
      sorted(
        run.samples.filter((sample) => sample.level === "concurrency 2").map((sample) => sample.ttftMs ?? 0),
      ),
    );
    for (const id of ["ttft-cdf", "e2e-cdf", "ttft-load", "tpot-load", "throughput-load"]) {
      expect(html).toContain(`id="${id}"`);
    }
    // uPlot is inlined: the page loads nothing.
    expect(html).toContain("uPlot");
    expect(html).not.toMatch(/<script[^>]+src=|<link|<img|url\(|(src|href)="?https?:/i);
  });

  it("never writes the API key in its output or its files", async () => {
    const key = "sk-planted-key-0123456789";
    const run = await bench(() => paced(2), ["--api-key", key, "--requests", "2"]);
    expect(run.report.levels[0]?.completed).toBe(2);
    for (const text of [
      run.stdout,
      run.stderr,
      ...["samples.jsonl", "summary.json", "summary.md", "report.html"].map(run.read),
    ]) {
      expect(text).not.toContain(key);
    }
  });

  it("shows live progress on a terminal only", async () => {
    server = await startPacedServer(() => paced(2));
    const terminal = Object.assign(newCollector(true), { columns: 120 });
    await runBench(["bench", "--base-url", server.baseUrl, "--model", "m", "--requests", "2"], {
      stdout: terminal,
      stderr: newCollector(),
    });
    expect(terminal.text()).toMatch(/\[1\/1\] concurrency 1 {2}2 done, 0 failed {2}· {2}TTFT p50 \d/);
    const pipe = newCollector();
    await runBench(["bench", "--base-url", server.baseUrl, "--model", "m", "--requests", "2"], {
      stdout: pipe,
      stderr: newCollector(),
    });
    expect(pipe.text()).not.toContain("done,");
    expect(pipe.text().split("\n")[0]).toMatch(/^level /);
  });
});

describe("chatwire bench against failing servers", () => {
  it("counts a 429 storm by kind, with retries, and exits 1 without a stack trace", async () => {
    const run = await bench(
      () => ({ kind: "status", status: 429, retryAfterS: 0 }),
      ["--concurrency", "3", "--requests", "6", "--max-retries", "1"],
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.server.bodies).toHaveLength(12);
    expect(run.report.levels[0]).toMatchObject({
      completed: 0,
      failed: 6,
      errorRate: 1,
      errorsByKind: { "http 429": 6 },
    });
    expect(run.samples.every((sample) => sample.attempts === 2)).toBe(true);
    expect(run.stdout).toContain("concurrency 3: 100% failed: http 429 ×6");
  });

  it("counts a dead endpoint's refused connections", async () => {
    const stdout = newCollector();
    const stderr = newCollector();
    const code = await runBench(
      ["bench", "--base-url", await downEndpointUrl(), "--model", "m", "--requests", "3"],
      {
        stdout,
        stderr,
      },
    );
    expect({ code, stderr: stderr.text() }).toStrictEqual({ code: 1, stderr: "" });
    expect(stdout.text()).toContain("concurrency 1: 100% failed: network ×3");
  });

  it("stops a timed level early when its first requests all fail, instead of hammering a dead endpoint", async () => {
    const started = performance.now();
    const stdout = newCollector();
    const args = ["--model", "m", "--concurrency", "2,4", "--duration", "60s"];
    const code = await runBench(["bench", "--base-url", await downEndpointUrl(), ...args], {
      stdout,
      stderr: newCollector(),
    });
    expect(code).toBe(1);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(stdout.text()).toMatch(/^concurrency 2 \(stopped\) +0 +(2\d) /m);
    expect(stdout.text()).toMatch(
      /concurrency 2: 100% failed: network ×2\d; stopped early: its first 20 requests all failed/,
    );
    expect(stdout.text()).toMatch(/^concurrency 4 \(stopped\) +0 +2\d /m);
  });

  it("bounds a hanging server and a stalled stream by --timeout", async () => {
    const started = performance.now();
    // The one answer that streams starts at once, far inside the timeout even on a busy machine.
    const answers: Answer[] = [paced(2, 0), { kind: "hang" }, { kind: "hang" }, { kind: "stall" }];
    const run = await bench(
      (index) => answers[index] ?? paced(2),
      ["--concurrency", "4", "--requests", "4", "--timeout", "1s"],
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(run.code, run.stdout).toBe(0);
    expect(run.report.levels[0]).toMatchObject({
      completed: 1,
      failed: 3,
      errorsByKind: { "timeout (first_byte)": 2, "timeout (idle)": 1 },
    });
  });
});

describe("chatwire bench with bad arguments", () => {
  it.each([
    [["bench", "--model", "m"], "chatwire: --base-url (or --provider) is required"],
    [["bench", "--base-url", "http://x/v1"], "chatwire: --model is required"],
    [
      ["bench", "--base-url", "http://x/v1", "--model", "m", "--concurrency", "1,zero"],
      'chatwire: --concurrency must be a whole number ≥ 1, got "zero"',
    ],
    [
      ["bench", "--base-url", "http://x/v1", "--model", "m", "--duration", "soon"],
      'chatwire: --duration must be a duration like 500ms, 30s or 2m, got "soon"',
    ],
    [
      ["bench", "--base-url", "http://x/v1", "--model", "m", "--slo", "ttft=5"],
      'chatwire: --slo: "ttft=5" is not metric:milliseconds (metrics: ttft, tpot, itl, e2el)',
    ],
    [
      ["bench", "--base-url", "http://x/v1", "--model", "m", "--provider", "nope"],
      "chatwire: option '--provider <name>' argument 'nope' is invalid. Allowed choices are anthropic, deepseek, fireworks, gemini, groq, llama-cpp, lm-studio, mistral, ollama, openai, openrouter, tensorrt-llm, together, vllm, xai.",
    ],
    [["bench", "--frobnicate"], "chatwire: unknown option '--frobnicate'"],
    [
      ["bench", "--base-url", "http://x/v1", "--model", "m", "--prompts", "/nonexistent.jsonl"],
      "chatwire: --prompts: cannot read /nonexistent.jsonl: ENOENT",
    ],
    [[], "chatwire: no command given"],
  ])("%j: a one-line message, the usage, exit code 2", async (args, message) => {
    const stdout = newCollector();
    const stderr = newCollector();
    const code = await runBench(args, { stdout, stderr });
    expect(code).toBe(2);
    expect(stdout.text()).toBe("");
    expect(stderr.text().split("\n")[0]).toBe(message);
    if (!message.includes("--prompts")) expect(stderr.text()).toContain("Usage: chatwire");
  });

  it("prints the usage for --help and exits 0", async () => {
    const stdout = newCollector();
    expect(await runBench(["bench", "--help"], { stdout, stderr: newCollector() })).toBe(0);
    expect(stdout.text()).toContain("Usage: chatwire bench [options]");
    expect(stdout.text()).toContain("--slo <list>");
  });
});
