// The guard's resume after a read that brought only keep-alive bytes: the silence before the read keeps
// counting, the pause (the consumer's time) still does not. Fake timers make every step exact.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
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
