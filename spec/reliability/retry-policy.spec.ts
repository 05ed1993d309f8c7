import { describe, expect, test } from "vitest";
import { isRetryableStatus, retryAfterMs, retryDelay } from "../../lib/transport/retry-policy.ts";

describe("isRetryableStatus", () => {
  test.each([408, 409, 429, 500, 502, 503, 504, 599])("%i is retryable", (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  test.each([200, 302, 400, 401, 403, 404, 413, 422])("%i is not", (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  const read = (headers: Record<string, string>): number | undefined =>
    retryAfterMs(new Headers(headers), now);

  test("reads retry-after-ms, then Retry-After in seconds, then Retry-After as an HTTP date", () => {
    expect(read({ "retry-after-ms": "1500" })).toBe(1500);
    expect(read({ "retry-after": "2" })).toBe(2000);
    expect(read({ "retry-after": "0.5" })).toBe(500);
    expect(read({ "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" })).toBe(3000);
  });

  test("retry-after-ms wins over Retry-After", () => {
    expect(read({ "retry-after-ms": "20", "retry-after": "30" })).toBe(20);
  });

  test("a date already past means no wait", () => {
    expect(read({ "retry-after": "Tue, 31 Dec 2024 23:59:00 GMT" })).toBe(0);
  });

  test("absent, empty, negative or unreadable values are ignored", () => {
    expect(read({})).toBeUndefined();
    expect(read({ "retry-after": " " })).toBeUndefined();
    expect(read({ "retry-after": "-3" })).toBeUndefined();
    expect(read({ "retry-after": "soon" })).toBeUndefined();
    expect(read({ "retry-after-ms": "later", "retry-after": "1" })).toBe(1000);
  });
});

describe("retryDelay", () => {
  const low = (): number => 0;
  const high = (): number => 1;

  test("backs off exponentially from 500 ms, with up to a quarter taken off at random", () => {
    expect([0, 1, 2, 3].map((retry) => retryDelay(retry, undefined, 60_000, high)?.waitMs)).toStrictEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([0, 1, 2, 3].map((retry) => retryDelay(retry, undefined, 60_000, low)?.waitMs)).toStrictEqual([
      375, 750, 1500, 3000,
    ]);
    expect(retryDelay(0, undefined, 60_000, () => 0.5)).toStrictEqual({ waitMs: 438, source: "backoff" });
  });

  test("the back-off stops growing at 8 s, and never passes the cap", () => {
    expect(retryDelay(10, undefined, 60_000, high)).toStrictEqual({ waitMs: 8000, source: "backoff" });
    expect(retryDelay(10, undefined, 100, high)).toStrictEqual({ waitMs: 100, source: "backoff" });
    expect(retryDelay(3, undefined, 0, high)).toStrictEqual({ waitMs: 0, source: "backoff" });
  });

  test("the server's wait is used as is, up to the cap", () => {
    expect(retryDelay(0, 1200, 60_000, low)).toStrictEqual({ waitMs: 1200, source: "retry-after" });
    expect(retryDelay(5, 0, 60_000, low)).toStrictEqual({ waitMs: 0, source: "retry-after" });
    expect(retryDelay(0, 60_000, 60_000, low)).toStrictEqual({ waitMs: 60_000, source: "retry-after" });
  });

  test("a server asking for more than the cap is not waited for", () => {
    expect(retryDelay(0, 60_001, 60_000, low)).toBeUndefined();
  });
});
