import { timerDelayMs } from "../transport/call-guard.ts";

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
