import { type Clock, callerClock } from "../internal/clock.ts";
import type { Budget, RouterStore, StoreAnswer, StoreAttempt, StoreEjection } from "./router-store.ts";

/** Settings of an in-process store. */
export interface MemoryStoreOptions {
  /** The monotonic clock (milliseconds) its cool-downs, pauses and budgets run on. @default `performance.now` */
  readonly clock?: Clock;
}

interface RateState {
  pausedUntil: number;
  /** When the request budget has room for the next request (GCRA's theoretical arrival time). */
  requestsAt: number;
  /** When the token budget has room for the next request. */
  tokensAt: number;
}

/** The in-process store: a {@link RouterStore} that answers at once, never with a promise. */
export interface MemoryStore extends RouterStore {
  readonly begin: (attempt: StoreAttempt) => StoreAnswer;
  readonly eject: (endpoint: string, forMs: number, reason: string) => void;
  readonly pause: (key: string, forMs: number) => void;
  readonly settle: (key: string, budget: Budget, tokens: number) => void;
}

const healthy: StoreEjection = { forMs: 0, reason: "" };
const minuteMs = 60_000;

/**
 * The time a budget of `perMinute` is next free after spending `amount` from `from` on: the budget is
 * spread evenly, `perMinute` units over 60 s (the generic cell rate algorithm, as redis-cell and
 * LiteLLM's usage-based routing use).
 */
const budgetAfter = (from: number, amount: number, perMinute: number | undefined): number =>
  perMinute === undefined ? from : from + (amount * minuteMs) / perMinute;

/**
 * Creates the in-process store: cool-downs, pauses and budgets kept in this process's memory. It is every
 * router's default (one per router, on the router's clock); give one store to several routers and
 * limiters of a process and they share it. It answers at once, never with a promise.
 * @example `newRouter(withRouterStore(newMemoryStore()), withRoute("openai", client, withBudget({ rpm: 500 })))`
 */
export function newMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const clock = callerClock(options?.clock);
  const ejected = new Map<string, { until: number; reason: string }>();
  const rates = new Map<string, RateState>();
  const rateOf = (key: string): RateState => {
    let state = rates.get(key);
    if (state === undefined) {
      state = { pausedUntil: 0, requestsAt: 0, tokensAt: 0 };
      rates.set(key, state);
    }
    return state;
  };

  function begin(attempt: StoreAttempt): StoreAnswer {
    const now = clock();
    // A store is called by routers, but also by hand: what is not an attempt asks for nothing.
    const endpoints: readonly string[] = Array.isArray(attempt?.endpoints) ? attempt.endpoints : [];
    const ejections = endpoints.map((label): StoreEjection => {
      const ejection = ejected.get(label);
      return ejection === undefined || ejection.until <= now
        ? healthy
        : { forMs: ejection.until - now, reason: ejection.reason };
    });
    const rate = attempt?.rate;
    if (rate === undefined || rate === null) return { ejections, waitMs: 0 };
    const state = rateOf(rate.key);
    const { rpm, tpm } = rate.budget ?? {};
    const waitUntil = Math.max(
      state.pausedUntil,
      rpm === undefined ? 0 : state.requestsAt,
      tpm === undefined ? 0 : state.tokensAt,
    );
    if (waitUntil > now) return { ejections, waitMs: waitUntil - now };
    state.requestsAt = budgetAfter(Math.max(state.requestsAt, now), 1, rpm);
    state.tokensAt = budgetAfter(Math.max(state.tokensAt, now), rate.tokens, tpm);
    return { ejections, waitMs: 0 };
  }

  return {
    begin,
    eject: (endpoint, forMs, reason) => {
      const until = clock() + forMs;
      const ejection = ejected.get(endpoint);
      if (ejection === undefined || ejection.until < until) ejected.set(endpoint, { until, reason });
    },
    pause: (key, forMs) => {
      const state = rateOf(key);
      state.pausedUntil = Math.max(state.pausedUntil, clock() + forMs);
    },
    settle: (key: string, budget: Budget, tokens: number) => {
      const state = rates.get(key);
      if (state !== undefined) state.tokensAt = budgetAfter(state.tokensAt, tokens, budget?.tpm);
    },
  };
}
