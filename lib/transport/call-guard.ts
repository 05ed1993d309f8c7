import type { ChatwireError, TimeoutPhase } from "../errors/chatwire-error.ts";
import { newAbortedError, newTimeoutError } from "../errors/new-errors.ts";
import { timerDelayMs } from "../internal/sleep.ts";

/** What bounds a whole call: when it ends (on `performance.now()`), and which timeout it is. */
export interface Deadline {
  readonly at: number;
  readonly timeoutMs: number;
  /** `total` for a non-streaming call (`withTimeout`), `stream` for a stream (`withStreamTimeout`). */
  readonly phase: "total" | "stream";
}

/**
 * The watchdog of one attempt: an AbortController that fires on the caller's signal or when a wait runs
 * out, and remembers why, so that the rejection fetch gives can be told apart from a dropped connection.
 * Plain data, one per attempt (and so per open stream): read and change it only through this module's
 * functions ({@link guardFailure}, {@link watchPhase}, {@link touchGuard}, {@link pauseGuard},
 * {@link resumeGuard}, {@link abortGuard}, {@link disposeGuard}, {@link followSignal}). Its timers get the
 * guard as their argument, so the one function made per guard is its abort listener.
 */
export interface CallGuard {
  /**
   * Its signal aborts when the guard does (and, while it follows one, when ky's signal does): the signal
   * fetch gets.
   */
  readonly controller: AbortController;
  /** The caller's signal. */
  readonly caller: AbortSignal | undefined;
  /** What bounds the whole call, if anything does. */
  readonly deadline: Deadline | undefined;
  /** The listener on the caller's signal and on the followed one. */
  readonly onAbort: () => void;
  /** Why the guard aborted, once it has (not set when only the followed signal fired). */
  failure: ChatwireError | undefined;
  /** The signal of ky's request, followed while fetch runs (see {@link followSignal}). */
  followed: AbortSignal | undefined;
  /** The timer of the watched phase, armed lazily (see {@link resumeGuard}). */
  phaseTimer: ReturnType<typeof setTimeout> | undefined;
  deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  /** When bytes last came, on `performance.now()`. */
  lastActivity: number;
  /** The phase a timeout of the watched wait is reported as. */
  watchedPhase: TimeoutPhase;
  /** The wait watched; 0 when none is (never watched, or disposed). */
  watchedMs: number;
  /** Whether no read waits on the server (see {@link pauseGuard}). */
  isPaused: boolean;
  /** When the last pause began, on `performance.now()`. */
  pausedAt: number;
}

const now = (): number => performance.now();

/**
 * Creates the guard of one attempt. `deadline.at` (on `performance.now()`) bounds the whole call (or the
 * whole stream), retries included; the idle timer is lazy (one timer re-armed on expiry) so a read costs one
 * clock read. When a phase's wait would end at or after the deadline, the deadline decides, so equal timeouts
 * report its phase. While paused (between reads of a stream) silence is not counted: the idle watch measures
 * how long the server keeps a read waiting, not how long the consumer keeps a chunk.
 *
 * @param signal the caller's signal: its abort ends the guard with an `aborted` error.
 * @param deadline what bounds the whole call, if anything does.
 */
export function newCallGuard(signal: AbortSignal | undefined, deadline: Deadline | undefined): CallGuard {
  const controller = new AbortController();
  const guard: CallGuard = {
    controller,
    caller: signal,
    deadline,
    onAbort: () => onSignalAbort(guard),
    failure: undefined,
    followed: undefined,
    phaseTimer: undefined,
    deadlineTimer: undefined,
    lastActivity: now(),
    watchedPhase: "first_byte",
    watchedMs: 0,
    isPaused: false,
    pausedAt: 0,
  };
  if (signal?.aborted) abortGuard(guard, newAbortedError());
  else signal?.addEventListener("abort", guard.onAbort, { once: true });
  if (deadline !== undefined && guard.failure === undefined) {
    guard.deadlineTimer = setTimeout(onDeadline, timerDelayMs(deadline.at - now()), guard);
  }
  return guard;
}

/** Why the guard aborted, once it has: a timeout, the caller's abort, or the reason given to {@link abortGuard}. */
export function guardFailure(guard: CallGuard): ChatwireError | undefined {
  return guard.failure;
}

/** Aborts the guard with the given reason (bounds, consumer cancellation); the first reason stays. */
export function abortGuard(guard: CallGuard, reason: ChatwireError): void {
  if (guard.failure !== undefined) return;
  guard.failure = reason;
  disposeGuard(guard);
  guard.controller.abort(reason);
}

/** Stops every timer and listener of the guard; aborts nothing. */
export function disposeGuard(guard: CallGuard): void {
  clearTimeout(guard.phaseTimer);
  clearTimeout(guard.deadlineTimer);
  guard.phaseTimer = undefined;
  guard.deadlineTimer = undefined;
  // A disposed guard has nothing to watch: a late `resumeGuard` must not arm a timer again.
  guard.watchedMs = 0;
  guard.caller?.removeEventListener("abort", guard.onAbort);
  stopFollowing(guard);
}

/**
 * Makes the guard's signal abort too when `signal` does (ky's signal for one attempt: the caller's abort and
 * ky's per-attempt timeout), without setting the guard's failure, so that ky's `TimeoutError` is read as
 * what it is. One listener, removed by {@link stopFollowing} or {@link disposeGuard}.
 */
export function followSignal(guard: CallGuard, signal: AbortSignal): void {
  if (guard.failure !== undefined || guard.controller.signal.aborted) return;
  guard.followed = signal;
  if (signal.aborted) guard.onAbort();
  else signal.addEventListener("abort", guard.onAbort, { once: true });
}

/** Stops following the signal {@link followSignal} gave the guard. */
export function stopFollowing(guard: CallGuard): void {
  guard.followed?.removeEventListener("abort", guard.onAbort);
  guard.followed = undefined;
}

function onSignalAbort(guard: CallGuard): void {
  // The caller's abort may reach the followed signal first: either way the failure is the caller's.
  if (guard.caller?.aborted === true) abortGuard(guard, newAbortedError());
  else if (guard.followed?.aborted === true) {
    const { reason } = guard.followed;
    stopFollowing(guard);
    guard.controller.abort(reason);
  }
}

function onDeadline(guard: CallGuard): void {
  guard.deadlineTimer = undefined;
  const deadline = guard.deadline as Deadline;
  abortGuard(guard, newTimeoutError(deadline.phase, deadline.timeoutMs));
}

function onPhaseTimer(guard: CallGuard): void {
  guard.phaseTimer = undefined;
  // Paused: `resumeGuard` re-arms the timer, so a consumer that keeps a chunk for long costs no timer meanwhile.
  if (guard.isPaused) return;
  const at = now();
  const quietMs = at - guard.lastActivity;
  const { deadline } = guard;
  if (deadline !== undefined && at >= deadline.at) {
    abortGuard(guard, newTimeoutError(deadline.phase, deadline.timeoutMs));
  } else if (quietMs >= guard.watchedMs) {
    abortGuard(guard, newTimeoutError(guard.watchedPhase, guard.watchedMs));
  } else guard.phaseTimer = setTimeout(onPhaseTimer, timerDelayMs(guard.watchedMs - quietMs), guard);
}

function arm(guard: CallGuard, at: number): void {
  const { deadline } = guard;
  const endsAt = guard.lastActivity + guard.watchedMs;
  if (deadline === undefined || endsAt < deadline.at) {
    guard.phaseTimer = setTimeout(onPhaseTimer, timerDelayMs(endsAt - at), guard);
  }
}

/** Starts (or restarts) the wait of a phase: the first byte, or the gap to the next read. */
export function watchPhase(guard: CallGuard, phase: TimeoutPhase, timeoutMs: number): void {
  if (guard.failure !== undefined) return;
  clearTimeout(guard.phaseTimer);
  guard.phaseTimer = undefined;
  guard.watchedPhase = phase;
  guard.watchedMs = timeoutMs;
  guard.isPaused = false;
  guard.lastActivity = now();
  arm(guard, guard.lastActivity);
}

/** Tells the idle watch that bytes just arrived. */
export function touchGuard(guard: CallGuard): void {
  guard.lastActivity = now();
}

/**
 * Stops counting silence: no read is waiting on the server, so the time until the next read (the
 * consumer's) is not the server's. Sets a flag and notes the time; a timer that expires meanwhile is not
 * re-armed.
 */
export function pauseGuard(guard: CallGuard): void {
  guard.isPaused = true;
  guard.pausedAt = now();
}

/**
 * Counts silence again as a read begins to wait on the server: from now when the last read was activity
 * (`isActivity`, the default), else (it brought only keep-alive bytes) from the last activity, the pause
 * left out.
 */
export function resumeGuard(guard: CallGuard, isActivity = true): void {
  if (!guard.isPaused || guard.failure !== undefined) return;
  guard.isPaused = false;
  const at = now();
  guard.lastActivity = isActivity ? at : guard.lastActivity + (at - guard.pausedAt);
  if (guard.phaseTimer === undefined && guard.watchedMs > 0) arm(guard, at);
}
