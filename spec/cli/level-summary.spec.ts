import { describe, expect, it } from "vitest";
import { parseArgs } from "../../lib/cli/args.ts";
import { peakGoodputLevel, summarizeLevel } from "../../lib/cli/level-summary.ts";
import type { RequestSample } from "../../lib/cli/request-sample.ts";
import { meetsSlo, parseSlo } from "../../lib/cli/slo.ts";

const sample = (index: number, fields: Partial<RequestSample>): RequestSample => ({
  level: "concurrency 2",
  index,
  startMs: 0,
  endMs: 0,
  isOk: true,
  attempts: 1,
  itlMs: [],
  chunkCount: 3,
  ...fields,
});

const level = { kind: "concurrency", concurrency: 2 } as const;

describe("summarizeLevel", () => {
  const samples = [
    sample(0, {
      ttftMs: 100,
      tpotMs: 20,
      itlMs: [20, 20],
      e2eLatencyMs: 140,
      outputTokens: 3,
      tokenSource: "usage",
    }),
    sample(1, {
      ttftMs: 300,
      tpotMs: 40,
      itlMs: [30, 50],
      e2eLatencyMs: 380,
      outputTokens: 3,
      tokenSource: "usage",
    }),
    sample(2, {
      ttftMs: 200,
      tpotMs: 60,
      itlMs: [60],
      e2eLatencyMs: 260,
      outputTokens: 2,
      tokenSource: "usage",
    }),
    sample(3, { isOk: false, errorKind: "http 429", itlMs: [] }),
  ];

  it("gives throughput and goodput per second of the level's span, and failures by kind", () => {
    const summary = summarizeLevel(
      level,
      samples,
      { startedMs: 1_000, endedMs: 3_000 },
      { ttft: 250, tpot: 50 },
      false,
    );
    expect(summary).toMatchObject({
      label: "concurrency 2",
      loadValue: 2,
      requests: 4,
      completed: 3,
      failed: 1,
      errorRate: 0.25,
      errorsByKind: { "http 429": 1 },
      durationMs: 2_000,
      requestThroughput: 1.5,
      totalOutputTokens: 8,
      outputTokenThroughput: 4,
      tokenSource: "usage",
      // Only request 0 meets both: 1 has TTFT 300, 2 has TPOT 60.
      goodRequests: 1,
      goodput: 0.5,
      isInterrupted: false,
    });
    expect(summary.ttftMs).toMatchObject({ count: 3, mean: 200, median: 200, min: 100, max: 300, p90: 280 });
    expect(summary.itlMs).toMatchObject({ count: 5, median: 30, max: 60 });
    expect(summary.e2eLatencyMs?.p50).toBe(260);
  });

  it("counts every completed request as good without objectives, and finds the peak level", () => {
    const slow = summarizeLevel(level, samples, { startedMs: 0, endedMs: 3_000 }, {}, false);
    const fast = summarizeLevel(
      { kind: "rate", ratePerSecond: 4, burstiness: 1 },
      samples,
      { startedMs: 0, endedMs: 1_000 },
      {},
      false,
    );
    expect(slow.goodput).toBe(1);
    expect(fast.goodput).toBe(3);
    expect(peakGoodputLevel([slow, fast])?.label).toBe("rate 4/s");
    const none = summarizeLevel(
      level,
      [samples[3] as RequestSample],
      { startedMs: 0, endedMs: 10 },
      {},
      false,
    );
    expect(peakGoodputLevel([none])).toBeUndefined();
    expect(none.tokenSource).toBe("none");
  });
});

describe("objectives", () => {
  it("reads --slo and checks a request against it", () => {
    expect(parseSlo("ttft:500, tpot:50,e2el:2000,itl:100")._unsafeUnwrap()).toStrictEqual({
      ttft: 500,
      tpot: 50,
      e2el: 2000,
      itl: 100,
    });
    expect(parseSlo("ttft:-1").isErr()).toBe(true);
    const base = { isOk: true, ttftMs: 100, tpotMs: 10, itlMs: [5, 120], e2eLatencyMs: 500 };
    expect(meetsSlo(base, { ttft: 100, tpot: 10 })).toBe(true);
    expect(meetsSlo(base, { itl: 100 })).toBe(false);
    expect(meetsSlo({ ...base, isOk: false }, {})).toBe(false);
    // One output token: no TPOT, which meets any TPOT objective; no token: no TTFT, which meets none.
    expect(meetsSlo({ isOk: true, ttftMs: 100, itlMs: [] }, { tpot: 1 })).toBe(true);
    expect(meetsSlo({ isOk: true, itlMs: [] }, { ttft: 1_000 })).toBe(false);
  });
});

describe("parseArgs", () => {
  const base = ["bench", "--base-url", "http://localhost:8000/v1", "--model", "m"];

  it("reads a rate sweep with a concurrency cap, durations in units, and the defaults", () => {
    const parsed = parseArgs(
      [...base, "--rate", "1,2.5", "--burstiness", "0.5", "--concurrency", "8", "--duration", "1.5m"],
      "1",
    );
    expect(parsed).toMatchObject({
      kind: "bench",
      options: {
        levels: [
          { kind: "rate", ratePerSecond: 1, burstiness: 0.5, maxConcurrency: 8 },
          { kind: "rate", ratePerSecond: 2.5, burstiness: 0.5, maxConcurrency: 8 },
        ],
        bound: { durationMs: 90_000 },
        warmup: 0,
        inputTokens: 128,
        outputTokens: 128,
        ignoreEos: false,
        slo: {},
        timeoutMs: 60_000,
        maxRetries: 0,
      },
    });
  });

  it("reads durations as the rate-limit headers write them (1m30s, 250ms) and bare seconds (45)", () => {
    const read = (duration: string, timeout: string) =>
      parseArgs([...base, "--duration", duration, "--timeout", timeout], "1");
    expect(read("1m30s", "250ms")).toMatchObject({
      options: { bound: { durationMs: 90_000 }, timeoutMs: 250 },
    });
    expect(read("45", "0.5s")).toMatchObject({ options: { bound: { durationMs: 45_000 }, timeoutMs: 500 } });
    expect(read("1m 30s", "1s")).toMatchObject({ kind: "usage_error" });
  });

  it("runs 20 requests at concurrency 1 by default, and ignore_eos follows the preset unless told", () => {
    expect(parseArgs(base, "1")).toMatchObject({
      options: { levels: [{ kind: "concurrency", concurrency: 1 }], bound: { requests: 20 } },
    });
    expect(parseArgs([...base, "--provider", "vllm"], "1")).toMatchObject({ options: { ignoreEos: true } });
    expect(parseArgs([...base, "--provider", "vllm", "--no-ignore-eos"], "1")).toMatchObject({
      options: { ignoreEos: false },
    });
    expect(parseArgs([...base, "--ignore-eos"], "1")).toMatchObject({ options: { ignoreEos: true } });
  });

  it("refuses a concurrency sweep together with a rate", () => {
    expect(parseArgs([...base, "--rate", "2", "--concurrency", "1,2"], "1")).toMatchObject({
      kind: "usage_error",
      message: "--concurrency takes one value with --rate: the cap on requests in flight",
    });
  });
});
