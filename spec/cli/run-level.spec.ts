import { describe, expect, it } from "vitest";
import { runLevel } from "../../lib/cli/run-level.ts";
import { newSeededRandom } from "../../lib/internal/seeded-random.ts";

// The scheduler with a stand-in for the request: counts, order and the number in flight, never durations.

function newFakeSend(durationMs: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  const started: number[] = [];
  const send = async (index: number, signal: AbortSignal): Promise<{ index: number; isAborted: boolean }> => {
    started.push(index);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, durationMs);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    inFlight--;
    return { index, isAborted: signal.aborted };
  };
  return { send, started, maxInFlight: () => maxInFlight };
}

const runtime = (send: ReturnType<typeof newFakeSend>["send"], signal = new AbortController().signal) => ({
  send,
  now: () => performance.now(),
  random: newSeededRandom(1),
  signal,
});

describe("runLevel", () => {
  it("keeps exactly N requests in flight at a fixed concurrency, until the request bound", async () => {
    const fake = newFakeSend(5);
    const run = await runLevel({ kind: "concurrency", concurrency: 3 }, { requests: 10 }, runtime(fake.send));
    expect(run.samples.map((sample) => sample.index)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(fake.maxInFlight()).toBe(3);
    expect(run.endedMs).toBeGreaterThanOrEqual(run.startedMs);
  });

  it("stops starting requests once the duration has passed, and lets the started ones end", async () => {
    const fake = newFakeSend(20);
    const run = await runLevel(
      { kind: "concurrency", concurrency: 2 },
      { durationMs: 50 },
      runtime(fake.send),
    );
    expect(run.samples.length).toBeGreaterThanOrEqual(2);
    expect(run.samples.every((sample) => !sample.isAborted)).toBe(true);
    expect(run.samples).toHaveLength(fake.started.length);
  });

  it("ends a slow rate's level at its duration, not after the next gap", async () => {
    const fake = newFakeSend(1);
    const started = performance.now();
    // One request every 100 s on average: the first starts at once, the level ends at 50 ms.
    const run = await runLevel(
      { kind: "rate", ratePerSecond: 0.01, burstiness: 1 },
      { durationMs: 50 },
      runtime(fake.send),
    );
    expect(run.samples).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("starts requests at a rate, at most maxConcurrency in flight", async () => {
    const fake = newFakeSend(30);
    const run = await runLevel(
      { kind: "rate", ratePerSecond: 1000, burstiness: 1, maxConcurrency: 2 },
      { requests: 8 },
      runtime(fake.send),
    );
    expect(run.samples).toHaveLength(8);
    expect(fake.maxInFlight()).toBe(2);
  });

  it("stops at once when the signal fires: no new request, the ones in flight aborted", async () => {
    const fake = newFakeSend(10_000);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 30);
    const run = await runLevel(
      { kind: "concurrency", concurrency: 4 },
      { requests: 100 },
      runtime(fake.send, stop.signal),
    );
    expect(fake.started).toStrictEqual([0, 1, 2, 3]);
    expect(run.samples.map((sample) => sample.isAborted)).toStrictEqual([true, true, true, true]);
  });
});
