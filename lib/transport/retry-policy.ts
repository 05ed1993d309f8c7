import type { HeaderLookup } from "./http-reply.ts";
/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Reads how long the server asked to wait, in milliseconds: `retry-after-ms`, then `Retry-After` as
 * seconds or as an HTTP date.
 */
export function retryAfterMs(headers: HeaderLookup, nowEpochMs: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowEpochMs);
}

/**
 * The wait before retry number `retry` (0 for the first): the server's `Retry-After` when it gave one,
 * else exponential back-off with jitter. `undefined` when the server asks for more than `maxDelayMs`:
 * retrying sooner than asked is pointless, so the failure is returned instead.
 */
export function retryDelay(
  retry: number,
  serverDelayMs: number | undefined,
  maxDelayMs: number,
  random: () => number = Math.random,
): { readonly waitMs: number; readonly source: "retry-after" | "backoff" } | undefined {
  if (serverDelayMs !== undefined) {
    return serverDelayMs <= maxDelayMs ? { waitMs: serverDelayMs, source: "retry-after" } : undefined;
  }
  // 500 ms, doubled at each retry, at most 8 s.
  const backoff = Math.min(8_000, 500 * 2 ** retry, maxDelayMs);
  return { waitMs: Math.round(backoff * (0.75 + 0.25 * random())), source: "backoff" };
}
