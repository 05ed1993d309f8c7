import type { ClientOption } from "../client/client-config.ts";
import { sleep, timerDelayMs } from "../internal/sleep.ts";
import type { HeaderLookup } from "../transport/http-reply.ts";
import type { FetchFunction } from "../transport/transport-config.ts";
import { newMemoryStore } from "./memory-store.ts";
import {
  maxPauseMs as defaultMaxPauseMs,
  defaultPauseMs as defaultPauseOf429Ms,
  readRateLimit,
} from "./rate-limit-headers.ts";
import { type Budget, isPending, type RouterStore, type StoreRate } from "./router-store.ts";

/** Settings of a rate limiter. */
export interface RateLimiterOptions {
  /** The most attempts in flight at once, and the ceiling the limit climbs back to. @default 64 */
  readonly maxConcurrency?: number;
  /** The longest pause a server can impose (`Retry-After`, a quota reset), in milliseconds. @default 60_000 */
  readonly maxPauseMs?: number;
  /** The pause after a 429 that says nothing about how long to wait, in milliseconds. @default 1_000 */
  readonly defaultPauseMs?: number;
  /**
   * Shares the limiter's pauses and budget through a store (`newRedisStore` from `chatwire/redis`, or an
   * in-process `newMemoryStore()`): a 429 seen by one process pauses every process's attempts, and every
   * attempt waits for room in `budget`. The concurrency limit stays per process.
   */
  readonly store?: RouterStore;
  /** The key the limiter's pause and budget are kept under in `store`. @default "rate-limiter" */
  readonly key?: string;
  /**
   * A shared budget each attempt is charged against (one request, no tokens: a router's `withBudget`
   * charges tokens). Kept in `store`, or in an in-process store of the limiter's own.
   */
  readonly budget?: Budget;
}

/** What a rate limiter is doing now. */
export interface RateLimiterState {
  /** How many attempts may be in flight at once now. */
  readonly limit: number;
  readonly inFlight: number;
  /** Attempts waiting for a slot. */
  readonly queued: number;
  /** How long new attempts wait before any is sent, in milliseconds (0 when not paused). */
  readonly pausedForMs: number;
}

/**
 * A header-aware limiter for one endpoint, shared by every call of the clients given it with
 * {@link withRateLimiter}. Create it with {@link newRateLimiter}; it is a live object, not plain data.
 */
export interface RateLimiter {
  /** What the limiter is doing now: its current limit, attempts in flight and queued, and any pause. */
  readonly state: () => RateLimiterState;
}

interface Ticket {
  /** The decrease epoch the attempt started in: only the first 429 of an epoch lowers the limit. */
  readonly epoch: number;
  readonly inFlightAtStart: number;
}

interface Waiter {
  readonly start: () => void;
  readonly cancel: () => void;
}

interface Gate {
  readonly acquire: (signal: AbortSignal | undefined) => Promise<Ticket>;
  readonly observe: (ticket: Ticket, status: number, headers: HeaderLookup) => void;
  readonly release: () => void;
}

const gates = new WeakMap<RateLimiter, Gate>();
const now = (): number => performance.now();

/**
 * Creates a rate limiter: every attempt (retries included) waits for a slot before it is sent. It adapts
 * across concurrent calls: a 429 pauses every attempt for its `Retry-After` (or `defaultPauseMs`) and
 * halves the concurrency limit (once per wave of 429s); a quota at 0 (`x-ratelimit-remaining-requests` or
 * `-tokens`) pauses until its `x-ratelimit-reset-*`; a low `x-ratelimit-remaining-requests` caps concurrency
 * until its reset; successes raise the limit back by one per window. A waiting attempt honours its call's
 * `AbortSignal` and timeouts. An attempt counts as in flight from sending until its response headers.
 * @example
 * ```ts
 * const replica = newClient(withBaseUrl("http://10.0.0.7:8000/v1"), withRateLimiter(newRateLimiter({ maxConcurrency: 8 })));
 * ```
 */
export function newRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const settings: RateLimiterOptions = options ?? {};
  const maxConcurrency = Math.max(1, Math.floor(settings.maxConcurrency ?? 64));
  const maxPauseMs = settings.maxPauseMs ?? defaultMaxPauseMs;
  const defaultPauseMs = settings.defaultPauseMs ?? defaultPauseOf429Ms;
  const { budget } = settings;
  const store = settings.store ?? (budget === undefined ? undefined : newMemoryStore());
  const shared: StoreRate = { key: settings.key ?? "rate-limiter", budget: budget ?? {}, tokens: 0 };
  let limit = maxConcurrency;
  let credit = 0;
  let epoch = 0;
  let inFlight = 0;
  let pausedUntil = 0;
  let cap = Number.POSITIVE_INFINITY;
  let capUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const queue: Waiter[] = [];

  const allowed = (at: number): number => (at < capUntil ? Math.min(limit, cap) : limit);

  function pump(): void {
    const at = now();
    while (queue.length > 0 && at >= pausedUntil && inFlight < allowed(at)) queue.shift()?.start();
    if (queue.length === 0 || timer !== undefined) return;
    const wakeAt = at < pausedUntil ? pausedUntil : at < capUntil && inFlight >= allowed(at) ? capUntil : 0;
    if (wakeAt === 0) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        pump();
      },
      timerDelayMs(wakeAt - at),
    );
  }

  const acquire = (signal: AbortSignal | undefined): Promise<Ticket> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => waiter.cancel();
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          inFlight++;
          resolve({ epoch, inFlightAtStart: inFlight });
        },
        cancel: () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          if (queue.length === 0 && timer !== undefined) {
            clearTimeout(timer);
            timer = undefined;
          }
          reject(signal?.reason);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
      pump();
    });

  /** Waits until the shared key has room and charges it, holding the local slot; one store round trip a try. */
  async function acquireShared(signal: AbortSignal | undefined): Promise<Ticket> {
    const ticket = await acquire(signal);
    if (store === undefined) return ticket;
    for (;;) {
      const asked = store.begin({ endpoints: [], rate: shared });
      const answer = isPending(asked) ? await asked : asked;
      if (answer.waitMs <= 0) return ticket;
      if (!(await sleep(answer.waitMs, signal))) {
        release();
        return Promise.reject(signal?.reason);
      }
    }
  }

  function release(): void {
    inFlight--;
    pump();
  }

  function observe(ticket: Ticket, status: number, headers: HeaderLookup): void {
    const at = now();
    const signal = readRateLimit(status, headers, defaultPauseMs);
    if (signal.pauseMs !== undefined) {
      const pauseMs = Math.min(signal.pauseMs, maxPauseMs);
      pausedUntil = Math.max(pausedUntil, at + pauseMs);
      if (store !== undefined) void store.pause(shared.key, pauseMs);
    }
    if (status === 429 && ticket.epoch === epoch) {
      // Multiplicative decrease, once per wave: the 429s of attempts sent before it say nothing new.
      limit = Math.max(1, Math.floor(Math.min(limit, ticket.inFlightAtStart) / 2));
      credit = 0;
      epoch++;
    } else if (status >= 200 && status < 300 && limit < maxConcurrency) {
      credit += 1 / limit;
      if (credit >= 1) {
        limit++;
        credit = 0;
      }
    }
    const remaining = signal.remainingRequests;
    if (remaining !== undefined && remaining.count < allowed(at)) {
      cap = Math.max(1, Math.floor(remaining.count));
      capUntil = at + Math.min(remaining.resetMs ?? defaultPauseMs, maxPauseMs);
    }
  }

  const limiter: RateLimiter = {
    state: () => {
      const at = now();
      return {
        limit: allowed(at),
        inFlight,
        queued: queue.length,
        pausedForMs: Math.max(0, pausedUntil - at),
      };
    },
  };
  gates.set(limiter, { acquire: store === undefined ? acquire : acquireShared, observe, release });
  return limiter;
}

/** Wraps a client's fetch so that every attempt waits for the limiter's slot and reports its answer to it. */
function limitFetch(limiter: RateLimiter, fetch: FetchFunction): FetchFunction {
  const gate = gates.get(limiter);
  if (gate === undefined) return fetch;
  return async (input, init) => {
    const ticket = await gate.acquire(init?.signal ?? (input instanceof Request ? input.signal : undefined));
    return fetch(input, init)
      .then((response) => {
        gate.observe(ticket, response.status, response.headers);
        return response;
      })
      .finally(gate.release);
  };
}

/**
 * Sends every attempt of this client through a rate limiter (made by {@link newRateLimiter}). Give each
 * endpoint its own limiter; clients that share one share its slots.
 * @example `newClient(withProvider(groq()), withRateLimiter(newRateLimiter()))`
 */
export function withRateLimiter(limiter: RateLimiter): ClientOption {
  return (config) => ({ ...config, wrapFetch: (fetch) => limitFetch(limiter, fetch) });
}
