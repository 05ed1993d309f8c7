import { describe, expect, test } from "vitest";
import { timerDelayMs } from "../../lib/internal/sleep.ts";
import {
  abortGuard,
  disposeGuard,
  followSignal,
  guardFailure,
  newCallGuard,
  stopFollowing,
  touchGuard,
  watchPhase,
} from "../../lib/transport/call-guard.ts";

/** Resolves when the guard's signal aborts. */
const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));

describe("newCallGuard", () => {
  test("a phase timeout shorter than the deadline reports that phase", async () => {
    const guard = newCallGuard(undefined, {
      at: performance.now() + 5_000,
      timeoutMs: 5_000,
      phase: "total",
    });
    watchPhase(guard, "first_byte", 20);

    await aborted(guard.controller.signal);

    expect(guardFailure(guard)).toStrictEqual({
      kind: "timeout",
      message: "timed out after 20 ms waiting for the first response byte",
      timeout: "first_byte",
      timeoutMs: 20,
      retryable: true,
    });
  });

  test("a phase timeout ending with the deadline reports the deadline (total)", async () => {
    const guard = newCallGuard(undefined, { at: performance.now() + 30, timeoutMs: 30, phase: "total" });
    watchPhase(guard, "first_byte", 30);

    await aborted(guard.controller.signal);

    expect(guardFailure(guard)).toMatchObject({ kind: "timeout", timeout: "total", timeoutMs: 30 });
  });

  test("reads keep the idle timeout from firing; silence lets it fire", async () => {
    const guard = newCallGuard(undefined, undefined);
    watchPhase(guard, "idle", 200);
    const keepAlive = setInterval(() => touchGuard(guard), 5);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(guardFailure(guard)).toBeUndefined();
    clearInterval(keepAlive);

    await aborted(guard.controller.signal);

    expect(guardFailure(guard)).toMatchObject({ kind: "timeout", timeout: "idle", timeoutMs: 200 });
  });

  test("the caller's abort becomes an aborted failure, once, even if already aborted", () => {
    const caller = new AbortController();
    const guard = newCallGuard(caller.signal, undefined);
    caller.abort();
    abortGuard(guard, { kind: "network", message: "later", retryable: true });

    expect(guardFailure(guard)).toStrictEqual({
      kind: "aborted",
      message: "the request was aborted by the caller",
      retryable: false,
    });
    expect(guardFailure(newCallGuard(caller.signal, undefined))).toMatchObject({ kind: "aborted" });
  });

  test("dispose stops every timer and the caller's signal: nothing aborts afterwards", async () => {
    const caller = new AbortController();
    const guard = newCallGuard(caller.signal, { at: performance.now() + 10, timeoutMs: 10, phase: "total" });
    watchPhase(guard, "first_byte", 10);
    disposeGuard(guard);
    caller.abort();
    await new Promise((resolve) => setTimeout(resolve, 40));

    expect(guardFailure(guard)).toBeUndefined();
    expect(guard.controller.signal.aborted).toBe(false);
  });

  test("a followed signal (ky's) aborts the guard's signal with its reason and leaves the failure unset", () => {
    const ky = new AbortController();
    const guard = newCallGuard(new AbortController().signal, undefined);
    followSignal(guard, ky.signal);
    const reason = new DOMException("ky timed out", "TimeoutError");
    ky.abort(reason);

    expect(guard.controller.signal.aborted).toBe(true);
    expect(guard.controller.signal.reason).toBe(reason);
    expect(guardFailure(guard)).toBeUndefined();
  });

  test("the caller's abort is the failure even when it reaches the followed signal first", () => {
    const caller = new AbortController();
    const ky = new AbortController();
    caller.signal.addEventListener("abort", () => ky.abort(), { once: true });
    const guard = newCallGuard(caller.signal, undefined);
    followSignal(guard, ky.signal);
    caller.abort();

    expect(guardFailure(guard)).toStrictEqual({
      kind: "aborted",
      message: "the request was aborted by the caller",
      retryable: false,
    });
    expect(guard.controller.signal.reason).toStrictEqual(guardFailure(guard));
  });

  test("following a signal already aborted aborts the guard's signal at once", () => {
    const ky = new AbortController();
    ky.abort();
    const guard = newCallGuard(undefined, undefined);
    followSignal(guard, ky.signal);

    expect(guard.controller.signal.aborted).toBe(true);
    expect(guardFailure(guard)).toBeUndefined();
  });

  test("once it stops following (or is disposed), the followed signal's abort leaves the guard alone", () => {
    const stopped = newCallGuard(undefined, undefined);
    const disposed = newCallGuard(undefined, undefined);
    const ky = new AbortController();
    followSignal(stopped, ky.signal);
    followSignal(disposed, ky.signal);
    stopFollowing(stopped);
    disposeGuard(disposed);
    ky.abort();

    expect(stopped.controller.signal.aborted).toBe(false);
    expect(disposed.controller.signal.aborted).toBe(false);
  });

  test("waits beyond what setTimeout can hold are capped instead of firing at once", () => {
    expect(timerDelayMs(10 * 365 * 24 * 3600 * 1000)).toBe(2_147_483_647);
    expect(timerDelayMs(-5)).toBe(0);
    expect(timerDelayMs(250)).toBe(250);
  });
});
