import type { ChatwireError, TimeoutPhase } from "../errors/chatwire-error.ts";
import { newAbortedError, newTimeoutError } from "../errors/new-errors.ts";

/**
 * The watchdog of one attempt: an AbortController that fires on the caller's signal or when a wait runs
 * out, and remembers why, so that the rejection fetch gives can be told apart from a dropped connection.
 */
export interface CallGuard {
  readonly signal: AbortSignal;
  /** Why the guard aborted, once it has. */
  readonly failure: () => ChatwireError | undefined;
  /** Starts (or restarts) the wait of a phase: the first byte, or the gap to the next read. */
  readonly watch: (phase: TimeoutPhase, timeoutMs: number) => void;
  /** Tells the idle watch that bytes just arrived. */
  readonly touch: () => void;
  /** Aborts with the given reason (used for bounds and consumer cancellation). */
  readonly abort: (reason: ChatwireError) => void;
  /** Stops every timer and listener; aborts nothing. */
  readonly dispose: () => void;
}

const now = (): number => performance.now();

/**
 * Creates the guard of one attempt. `deadlineAt` (on `performance.now()`) bounds the whole call, retries
 * included; the idle timer is lazy (one timer re-armed on expiry) so a read costs one clock read.
 */
export function newCallGuard(
  signal: AbortSignal | undefined,
  deadline: { readonly at: number; readonly timeoutMs: number } | undefined,
): CallGuard {
  const controller = new AbortController();
  let failure: ChatwireError | undefined;
  let phaseTimer: ReturnType<typeof setTimeout> | undefined;
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  let lastActivity = now();

  const abort = (reason: ChatwireError): void => {
    if (failure !== undefined) return;
    failure = reason;
    dispose();
    controller.abort(reason);
  };
  const onCallerAbort = (): void => abort(newAbortedError());
  const dispose = (): void => {
    if (phaseTimer !== undefined) clearTimeout(phaseTimer);
    if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
    phaseTimer = undefined;
    deadlineTimer = undefined;
    signal?.removeEventListener("abort", onCallerAbort);
  };

  if (signal?.aborted) abort(newAbortedError());
  else signal?.addEventListener("abort", onCallerAbort, { once: true });
  if (deadline !== undefined && failure === undefined) {
    deadlineTimer = setTimeout(
      () => abort(newTimeoutError("total", deadline.timeoutMs)),
      Math.max(0, deadline.at - now()),
    );
  }

  const watch = (phase: TimeoutPhase, timeoutMs: number): void => {
    if (failure !== undefined) return;
    if (phaseTimer !== undefined) clearTimeout(phaseTimer);
    lastActivity = now();
    const check = (): void => {
      const quietMs = now() - lastActivity;
      if (quietMs >= timeoutMs) abort(newTimeoutError(phase, timeoutMs));
      else phaseTimer = setTimeout(check, timeoutMs - quietMs);
    };
    phaseTimer = setTimeout(check, timeoutMs);
  };

  return {
    signal: controller.signal,
    failure: () => failure,
    watch,
    touch: () => {
      lastActivity = now();
    },
    abort,
    dispose,
  };
}
