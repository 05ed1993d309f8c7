// The guard's pause and resume: silence counts only while a read waits on the server, and a read that brought
// only keep-alive bytes resumes without counting as activity: the silence before it keeps counting, the pause
// (the consumer's time) still does not. Fake timers (with a fake `performance.now()`) make every step exact.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  disposeGuard,
  guardFailure,
  newCallGuard,
  pauseGuard,
  resumeGuard,
  watchPhase,
} from "../../lib/transport/call-guard.ts";

const idle = {
  kind: "timeout",
  message: "timed out after 100 ms waiting for the next stream chunk",
  timeout: "idle",
  timeoutMs: 100,
  retryable: true,
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("pause and resume of the idle watch", () => {
  test("paused, the guard waits however long; resumed, silence counts again from then", () => {
    const guard = newCallGuard(undefined, undefined);
    watchPhase(guard, "idle", 100);
    pauseGuard(guard);

    vi.advanceTimersByTime(10_000);
    expect(guardFailure(guard)).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);

    resumeGuard(guard);
    vi.advanceTimersByTime(99);
    expect(guardFailure(guard)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(guardFailure(guard)).toStrictEqual(idle);
    expect(guard.controller.signal.aborted).toBe(true);
  });

  test("a resume before the timer expires moves the count; no second timer is created", () => {
    const guard = newCallGuard(undefined, undefined);
    watchPhase(guard, "idle", 100);
    vi.advanceTimersByTime(60);
    pauseGuard(guard);
    vi.advanceTimersByTime(30);
    resumeGuard(guard);
    expect(vi.getTimerCount()).toBe(1);

    // 100 ms after the watch began, but only 10 ms after the resume: the timer re-arms for the rest.
    vi.advanceTimersByTime(10);
    expect(guardFailure(guard)).toBeUndefined();
    vi.advanceTimersByTime(89);
    expect(guardFailure(guard)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(guardFailure(guard)).toStrictEqual(idle);
  });

  test("reads that pause and resume quickly, over and over, keep one timer and never fire", () => {
    const guard = newCallGuard(undefined, undefined);
    watchPhase(guard, "idle", 100);
    for (let read = 0; read < 1_000; read++) {
      resumeGuard(guard);
      vi.advanceTimersByTime(20);
      pauseGuard(guard);
      vi.advanceTimersByTime(500);
      expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
    }
    expect(guardFailure(guard)).toBeUndefined();
  });

  test("the caller's abort still ends a paused guard", () => {
    const caller = new AbortController();
    const guard = newCallGuard(caller.signal, undefined);
    watchPhase(guard, "idle", 100);
    pauseGuard(guard);

    caller.abort();

    expect(guardFailure(guard)).toMatchObject({ kind: "aborted" });
  });

  test("the total deadline still runs while paused", () => {
    const guard = newCallGuard(undefined, {
      at: performance.now() + 1_000,
      timeoutMs: 1_000,
      phase: "total",
    });
    watchPhase(guard, "idle", 100);
    pauseGuard(guard);

    vi.advanceTimersByTime(1_000);

    expect(guardFailure(guard)).toMatchObject({ kind: "timeout", timeout: "total", timeoutMs: 1_000 });
  });

  test("resume without a pause changes nothing; after dispose it arms no timer", () => {
    const guard = newCallGuard(undefined, undefined);
    watchPhase(guard, "idle", 100);
    vi.advanceTimersByTime(50);
    resumeGuard(guard);
    vi.advanceTimersByTime(50);
    expect(guardFailure(guard)).toStrictEqual(idle);

    const disposed = newCallGuard(undefined, undefined);
    watchPhase(disposed, "idle", 100);
    pauseGuard(disposed);
    disposeGuard(disposed);
    resumeGuard(disposed);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(guardFailure(disposed)).toBeUndefined();
  });
});

/** One read of keep-alive bytes: `waitMs` waiting on the server, then `keptMs` paused before the next read. */
function keepAliveRead(guard: ReturnType<typeof newCallGuard>, waitMs: number, keptMs = 0): void {
  vi.advanceTimersByTime(waitMs);
  pauseGuard(guard);
  vi.advanceTimersByTime(keptMs);
  resumeGuard(guard, false);
}

describe("resume(false): keep-alive reads are not activity", () => {
  test("pings every 20 ms: the idle timeout fires 100 ms after the last activity", () => {
    const guard = newCallGuard(undefined, undefined);
    watchPhase(guard, "idle", 100);
    for (let read = 0; read < 4; read++) keepAliveRead(guard, 20);
    expect(guardFailure(guard)).toBeUndefined();

    vi.advanceTimersByTime(19);
    expect(guardFailure(guard)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(guardFailure(guard)).toStrictEqual(idle);
  });

  test("the time a keep-alive read sits paused (the consumer's) is left out", () => {
    const guard = newCallGuard(undefined, undefined);
    watchPhase(guard, "idle", 100);
    keepAliveRead(guard, 60, 5_000);

    vi.advanceTimersByTime(39);
    expect(guardFailure(guard)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(guardFailure(guard)).toStrictEqual(idle);
  });

  test("a read with data (resume(true)) starts the count again", () => {
    const guard = newCallGuard(undefined, undefined);
    watchPhase(guard, "idle", 100);
    keepAliveRead(guard, 90);
    vi.advanceTimersByTime(5);
    pauseGuard(guard);
    resumeGuard(guard, true);

    vi.advanceTimersByTime(99);
    expect(guardFailure(guard)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(guardFailure(guard)).toStrictEqual(idle);
  });
});
