import type { ChatwireError, TimeoutPhase } from "../errors/chatwire-error.ts";
import { newAbortedError, newTimeoutError } from "../errors/new-errors.ts";
import { timerDelayMs } from "../internal/sleep.ts";

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
  /**
   * Stops counting silence: no read is waiting on the server, so the time until the next read (the
   * consumer's) is not the server's. Sets a flag and notes the time; a timer that expires meanwhile is not
   * re-armed.
   */
  readonly pause: () => void;
  /**
   * Counts silence again as a read begins to wait on the server: from now when the last read was activity
   * (`isActivity`, the default), else (it brought only keep-alive bytes) from the last activity, the pause
   * left out.
   */
  readonly resume: (isActivity?: boolean) => void;
  /** Aborts with the given reason (used for bounds and consumer cancellation). */
  readonly abort: (reason: ChatwireError) => void;
  /** Stops every timer and listener; aborts nothing. */
  readonly dispose: () => void;
}

const now = (): number => performance.now();

/** What bounds a whole call: when it ends (on `performance.now()`), and which timeout it is. */
export interface Deadline {
  readonly at: number;
  readonly timeoutMs: number;
  /** `total` for a non-streaming call (`withTimeout`), `stream` for a stream (`withStreamTimeout`). */
  readonly phase: "total" | "stream";
}

/**
 * Creates the guard of one attempt. `deadline.at` (on `performance.now()`) bounds the whole call (or the
 * whole stream), retries included; the idle timer is lazy (one timer re-armed on expiry) so a read costs one clock read. When a
 * phase's wait would end at or after the deadline, the deadline decides, so equal timeouts report its phase.
 * While paused (between reads of a stream) silence is not counted: the idle watch measures how long the
 * server keeps a read waiting, not how long the consumer keeps a chunk.
 */
export function newCallGuard(signal: AbortSignal | undefined, deadline: Deadline | undefined): CallGuard {
  const controller = new AbortController();
  let failure: ChatwireError | undefined;
  let phaseTimer: ReturnType<typeof setTimeout> | undefined;
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  let lastActivity = now();
  let watchedPhase: TimeoutPhase = "first_byte";
  let watchedMs = 0;
  let isPaused = false;
  let pausedAt = 0;

  const abort = (reason: ChatwireError): void => {
    if (failure !== undefined) return;
    failure = reason;
    dispose();
    controller.abort(reason);
  };
  const onCallerAbort = (): void => abort(newAbortedError());
  const dispose = (): void => {
    clearTimeout(phaseTimer);
    clearTimeout(deadlineTimer);
    phaseTimer = undefined;
    deadlineTimer = undefined;
    // A disposed guard has nothing to watch: a late `resume` must not arm a timer again.
    watchedMs = 0;
    signal?.removeEventListener("abort", onCallerAbort);
  };

  if (signal?.aborted) onCallerAbort();
  else signal?.addEventListener("abort", onCallerAbort, { once: true });
  if (deadline !== undefined && failure === undefined) {
    deadlineTimer = setTimeout(
      () => abort(newTimeoutError(deadline.phase, deadline.timeoutMs)),
      timerDelayMs(deadline.at - now()),
    );
  }

  const check = (): void => {
    phaseTimer = undefined;
    // Paused: `resume` re-arms the timer, so a consumer that keeps a chunk for long costs no timer meanwhile.
    if (isPaused) return;
    const at = now();
    const quietMs = at - lastActivity;
    if (deadline !== undefined && at >= deadline.at) {
      abort(newTimeoutError(deadline.phase, deadline.timeoutMs));
    } else if (quietMs >= watchedMs) abort(newTimeoutError(watchedPhase, watchedMs));
    else phaseTimer = setTimeout(check, timerDelayMs(watchedMs - quietMs));
  };
  const arm = (at: number): void => {
    if (deadline === undefined || lastActivity + watchedMs < deadline.at) {
      phaseTimer = setTimeout(check, timerDelayMs(lastActivity + watchedMs - at));
    }
  };

  const watch = (phase: TimeoutPhase, timeoutMs: number): void => {
    if (failure !== undefined) return;
    clearTimeout(phaseTimer);
    phaseTimer = undefined;
    watchedPhase = phase;
    watchedMs = timeoutMs;
    isPaused = false;
    lastActivity = now();
    arm(lastActivity);
  };

  return {
    signal: controller.signal,
    failure: () => failure,
    watch,
    touch: () => {
      lastActivity = now();
    },
    pause: () => {
      isPaused = true;
      pausedAt = now();
    },
    resume: (isActivity = true) => {
      if (!isPaused || failure !== undefined) return;
      isPaused = false;
      const at = now();
      lastActivity = isActivity ? at : lastActivity + (at - pausedAt);
      if (phaseTimer === undefined && watchedMs > 0) arm(at);
    },
    abort,
    dispose,
  };
}
