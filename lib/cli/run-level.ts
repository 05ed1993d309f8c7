import type { Random } from "../internal/seeded-random.ts";
import { sleep } from "../internal/sleep.ts";
import type { LevelBound, LoadLevel } from "./load-shape.ts";
import { arrivalGapMs } from "./random.ts";

/** Sends one request: its number in the level, and the signal that aborts it. Never rejects. */
export type SendRequest<Sample> = (index: number, signal: AbortSignal) => Promise<Sample>;

/** What a load level needs from its surroundings. */
export interface LevelRuntime<Sample> {
  readonly send: SendRequest<Sample>;
  /** The benchmark's clock, in milliseconds. */
  readonly now: () => number;
  readonly random: Random;
  /** Stops the level: no request starts after it fires, and the ones in flight are aborted. */
  readonly signal: AbortSignal;
  /** Called with each sample as its request ends. */
  readonly onSample?: (sample: Sample) => void;
}

/** How a load level went: its samples in the order requests were started, and its span on the clock. */
export interface LevelRun<Sample> {
  readonly samples: readonly Sample[];
  readonly startedMs: number;
  readonly endedMs: number;
}

/** Hands out request numbers until the bound is reached or the signal fires. */
function newTicketer(bound: LevelBound, now: () => number, startedMs: number, signal: AbortSignal) {
  let next = 0;
  return (): number | undefined => {
    if (signal.aborted) return undefined;
    if (bound.requests !== undefined && next >= bound.requests) return undefined;
    if (bound.durationMs !== undefined && now() - startedMs >= bound.durationMs) return undefined;
    return next++;
  };
}

/**
 * Runs one load level: fixed concurrency (each finished request starts the next) or a request rate (gaps
 * drawn from the gamma distribution, at most `maxConcurrency` in flight), until the bound or the signal.
 * Requests started before the bound run to their end (each bounded by its own timeout); the signal aborts
 * them. Never rejects.
 */
export async function runLevel<Sample>(
  level: LoadLevel,
  bound: LevelBound,
  runtime: LevelRuntime<Sample>,
): Promise<LevelRun<Sample>> {
  const { now, signal } = runtime;
  const startedMs = now();
  const samples: Sample[] = [];
  const take = newTicketer(bound, now, startedMs, signal);
  const sendOne = async (index: number): Promise<void> => {
    const sample = await runtime.send(index, signal);
    samples[index] = sample;
    runtime.onSample?.(sample);
  };
  if (level.kind === "concurrency") {
    const worker = async (): Promise<void> => {
      for (let index = take(); index !== undefined; index = take()) await sendOne(index);
    };
    await Promise.all(Array.from({ length: level.concurrency }, worker));
  } else {
    const inFlight = new Set<Promise<void>>();
    // The first request starts at once; each gap is drawn after a request starts.
    let dueMs = startedMs;
    for (;;) {
      // An arrival due after the level's duration ends the level now, without waiting for it.
      if (bound.durationMs !== undefined && dueMs - startedMs >= bound.durationMs) break;
      await sleep(dueMs - now(), signal);
      while (level.maxConcurrency !== undefined && inFlight.size >= level.maxConcurrency && !signal.aborted) {
        await Promise.race(inFlight);
      }
      const index = take();
      if (index === undefined) break;
      const running = sendOne(index).then(() => {
        inFlight.delete(running);
      });
      inFlight.add(running);
      dueMs += arrivalGapMs(runtime.random, level.ratePerSecond, level.burstiness);
    }
    await Promise.all(inFlight);
  }
  return { samples: samples.filter((sample) => sample !== undefined), startedMs, endedMs: now() };
}
