import type { LevelBound, LoadLevel } from "./load-shape.ts";
import type { RequestSample } from "./request-sample.ts";

/** Watches a level's samples and stops it when the endpoint looks down. */
export interface DownGuard {
  /** The level's signal: fires on Ctrl-C or when the guard stops the level. */
  readonly signal: AbortSignal;
  readonly addSample: (sample: RequestSample) => void;
  /** Stops listening to Ctrl-C once the level is over. */
  readonly release: () => void;
  /** Why the guard stopped the level, if it did. */
  readonly stoppedBecause: () => string | undefined;
}

/** How many failures in a row, with no success, stop a level bounded by time: the endpoint is down. */
const downAfterFailures = 20;

/**
 * Stops a level bounded by `--duration` whose first requests all failed (at least 20, and twice the
 * requests in flight): against a dead endpoint or a 429 storm, failures come back at once, and a closed
 * loop would otherwise send thousands a second until the time is up. A level bounded by `--requests`
 * always sends them all. Ctrl-C stops the level too.
 */
export function newDownGuard(load: LoadLevel, bound: LevelBound, interrupt: AbortSignal): DownGuard {
  const stop = new AbortController();
  const onInterrupt = (): void => stop.abort();
  interrupt.addEventListener("abort", onInterrupt, { once: true });
  const inFlight = load.kind === "concurrency" ? load.concurrency : (load.maxConcurrency ?? 1);
  const limit = Math.max(downAfterFailures, 2 * inFlight);
  let failed = 0;
  let completed = 0;
  let reason: string | undefined;
  return {
    signal: stop.signal,
    addSample: (sample: RequestSample): void => {
      if (sample.isOk) completed++;
      else failed++;
      if (bound.durationMs === undefined || completed > 0 || failed < limit || stop.signal.aborted) return;
      reason = `its first ${failed} requests all failed`;
      stop.abort();
    },
    release: (): void => interrupt.removeEventListener("abort", onInterrupt),
    stoppedBecause: (): string | undefined => reason,
  };
}
