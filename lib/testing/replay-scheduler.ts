/**
 * The time source of a replay: a clock and a way to wait. The default one is real; a virtual one
 * ({@link newVirtualScheduler}) makes replays take no real time and their timing exact.
 */
export interface ReplayScheduler {
  /** The current time, in milliseconds, on a monotonic clock. */
  readonly now: () => number;
  /**
   * Waits until `now()` reaches `atMs`; resolves `true` then, or `false` as soon as the signal aborts.
   * Never rejects.
   */
  readonly sleepUntil: (atMs: number, signal: AbortSignal) => Promise<boolean>;
}

/** Real time: `performance.now()` and `setTimeout`, never waking before the due time. */
export const realScheduler: ReplayScheduler = {
  now: () => performance.now(),
  sleepUntil: (atMs, signal) =>
    new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      // Timers count whole milliseconds on their own clock: check again rather than wake early.
      const check = (): void => {
        const leftMs = atMs - performance.now();
        if (leftMs > 0) {
          timer = setTimeout(check, Math.ceil(leftMs));
          return;
        }
        signal.removeEventListener("abort", onAbort);
        resolve(true);
      };
      if (signal.aborted) return resolve(false);
      signal.addEventListener("abort", onAbort, { once: true });
      check();
    }),
};

interface Sleeper {
  readonly atMs: number;
  readonly order: number;
  readonly wake: (woken: boolean) => void;
}

// setImmediate runs after every pending promise job, so all replays under way have asked to sleep before
// the earliest of them is woken; setTimeout(0) stands in where there is no setImmediate.
const later: (run: () => void) => void =
  typeof globalThis.setImmediate === "function"
    ? (run) => void globalThis.setImmediate(run)
    : (run) => void setTimeout(run, 0);

/**
 * Creates a virtual time source: waiting takes no real time, it moves `now` forward to the moment the
 * earliest sleeper wakes, in order when several replays wait at once. Give the same `now` to the client
 * with `withClock`, and the latency figures of a replay at `speed: 1` equal the recording's gaps exactly,
 * without waiting for them.
 *
 * @example
 * ```ts
 * const time = newVirtualScheduler();
 * const client = newClient(withClock(time.now), withFetch(replayTraffic(recording, { scheduler: time })));
 * ```
 */
export function newVirtualScheduler(startMs = 0): ReplayScheduler {
  let nowMs = startMs;
  let order = 0;
  let isArmed = false;
  const sleepers: Sleeper[] = [];
  const wakeEarliest = (): void => {
    isArmed = false;
    sleepers.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
    const first = sleepers.shift();
    if (first === undefined) return;
    nowMs = Math.max(nowMs, first.atMs);
    first.wake(true);
    arm();
  };
  const arm = (): void => {
    if (isArmed || sleepers.length === 0) return;
    isArmed = true;
    later(wakeEarliest);
  };
  return {
    now: () => nowMs,
    sleepUntil: (atMs, signal) =>
      new Promise((resolve) => {
        if (signal.aborted) return resolve(false);
        const sleeper: Sleeper = {
          atMs,
          order: order++,
          wake: (woken) => {
            signal.removeEventListener("abort", onAbort);
            resolve(woken);
          },
        };
        const onAbort = (): void => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          sleeper.wake(false);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        sleepers.push(sleeper);
        arm();
      }),
  };
}
