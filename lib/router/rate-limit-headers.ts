import { parseUnitDurationMs } from "../internal/unit-duration.ts";
import type { HeaderLookup } from "../transport/http-reply.ts";
import { retryAfterMs } from "../transport/retry-policy.ts";

/** How long a 429 that names no wait pauses a rate-limited key, in milliseconds. */
export const defaultPauseMs = 1_000;

/** The longest pause a 429 or a reset header can impose, in milliseconds. */
export const maxPauseMs = 60_000;

/**
 * Reads a rate-limit reset as milliseconds from now: a Go-style duration (`"20ms"`, `"1s"`, `"6m0s"`,
 * `"2m59.56s"`: OpenAI, Groq), plain seconds (`"30"`), epoch seconds (`"1767225600"`), or a date.
 */
export function parseResetMs(value: string | null, nowEpochMs: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  const number = Number(text);
  if (Number.isFinite(number)) {
    // Seconds since the epoch rather than a wait: anything past 2001 is a time, not a duration.
    if (number > 1e9) return Math.max(0, number * 1000 - nowEpochMs);
    return number >= 0 ? number * 1000 : undefined;
  }
  const duration = parseUnitDurationMs(text);
  if (duration !== undefined) return duration;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowEpochMs);
}

/** What a response says about the rate limit: how long to pause, and how many requests remain until when. */
export interface RateLimitSignal {
  /** Send nothing for this long (a 429's `Retry-After`, or a quota at 0 until its reset), in milliseconds. */
  readonly pauseMs: number | undefined;
  /** Requests left in the current window, and how long until it resets, when the server says. */
  readonly remainingRequests: { readonly count: number; readonly resetMs: number | undefined } | undefined;
}

const remainingOf = (headers: HeaderLookup, kind: string): number | undefined => {
  const count = Number.parseFloat(headers.get(`x-ratelimit-remaining-${kind}`) ?? "");
  return Number.isFinite(count) ? count : undefined;
};

/**
 * Reads the rate-limit signals of a response: `Retry-After` / `retry-after-ms` on a 429 (or a 503 that
 * sends one), and the `x-ratelimit-remaining-requests` / `-tokens` headers with their `-reset-` pairs
 * (OpenAI, Groq, Together, Azure...). A 429 without `Retry-After` pauses for `defaultPauseMs`.
 */
export function readRateLimit(
  status: number,
  headers: HeaderLookup,
  defaultPauseMs: number,
): RateLimitSignal {
  const pauses: number[] = [];
  const asked = retryAfterMs(headers);
  if (status === 429) pauses.push(asked ?? defaultPauseMs);
  else if (status === 503 && asked !== undefined) pauses.push(asked);
  for (const kind of ["requests", "tokens"]) {
    const remaining = remainingOf(headers, kind);
    if (remaining !== undefined && remaining <= 0) {
      pauses.push(parseResetMs(headers.get(`x-ratelimit-reset-${kind}`)) ?? defaultPauseMs);
    }
  }
  const requests = remainingOf(headers, "requests");
  return {
    pauseMs: pauses.length === 0 ? undefined : Math.max(...pauses),
    remainingRequests:
      requests === undefined || requests <= 0
        ? undefined
        : { count: requests, resetMs: parseResetMs(headers.get("x-ratelimit-reset-requests")) },
  };
}
