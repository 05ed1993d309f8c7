/** A delay `setTimeout` honours: at least 0, at most about 24.8 days. */
export function timerDelayMs(ms: number): number {
  // setTimeout fires at once for delays beyond 2^31 - 1 ms, so longer waits are capped there.
  return Math.min(2 ** 31 - 1, Math.max(0, ms));
}

/** Resolves `true` after `ms`, or `false` as soon as the signal aborts (at once if it already has). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, timerDelayMs(ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
