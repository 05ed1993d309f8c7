import type { Client } from "../client/client.ts";
import { type Clock, guardedClock, systemClock } from "../internal/clock.ts";
import type { Budget, RouterStore } from "./router-store.ts";

/** A route's shared budget and what its attempts do when it is spent. Set with {@link withBudget}. */
export interface RouteBudget extends Budget {
  /**
   * The rate-limited key the budget is kept under: the route's name unless set; routes of one provider
   * account name the same key to share it.
   */
  readonly key?: string;
  /**
   * When the budget is spent (or paused by a 429): `"wait"` until it has room, bounded by the call's
   * signal, the request's timeout and `maxWaitMs`; `"fallback"` to move on to the next model at once (the
   * last model of a call waits).
   * @default "wait"
   */
  readonly whenSpent?: "wait" | "fallback";
  /**
   * The longest a call waits for the budget, in milliseconds: when the budget has no room within it (or
   * within the request's timeout), the call fails at once with a `timeout` error.
   * @default 60_000
   */
  readonly maxWaitMs?: number;
}

/** One named route: a provider, served by one client or by several replicas. */
export interface RouteConfig {
  readonly name: string;
  readonly clients: readonly Client[];
  readonly budget?: RouteBudget;
}

/** A route option (given to {@link withRoute} among its clients): a pure function from one route to a new one. */
export type RouteOption = (route: RouteConfig) => RouteConfig;

/** Everything a router is configured with. Built by {@link defaultRouterConfig} and the router options. */
export interface RouterConfig {
  readonly routes: readonly RouteConfig[];
  /** How long a failing endpoint is left out before it is tried again, in milliseconds. */
  readonly cooldownMs: number;
  /** The route of model names that name none. */
  readonly defaultProvider: string | undefined;
  /** The longest wait before retrying a stream that failed before its first content, in milliseconds. */
  readonly maxRetryDelayMs: number;
  readonly clock: Clock;
  /** Where cool-downs, pauses and budgets are kept: a new in-process store on `clock` when unset. */
  readonly store: RouterStore | undefined;
}

/** A router option: a pure function from one router configuration to a new one. */
export type RouterOption = (config: RouterConfig) => RouterConfig;

/** The router defaults: no routes, a 30 s cool-down, retry waits capped at 8 s, `performance.now`. */
export function defaultRouterConfig(): RouterConfig {
  return {
    routes: [],
    cooldownMs: 30_000,
    defaultProvider: undefined,
    maxRetryDelayMs: 8_000,
    clock: systemClock,
    store: undefined,
  };
}

/**
 * Adds a route: `provider/model` names whose provider is `name` go to `clients` (replacing a route of the
 * same name). Several clients are replicas of one server: each call goes to the one with the fewest calls
 * in flight, and one that fails is left out for the cool-down. Route options (`withBudget`) may follow the
 * clients. Hint: give replicas `withMaxRetries(0)`, so that a failure moves on to the next replica at once
 * instead of retrying the same one.
 * @example `withRoute("mistral", newClient(withProvider(mistral())), withBudget({ rpm: 60 }))`
 */
export function withRoute(name: string, ...parts: readonly (Client | RouteOption)[]): RouterOption {
  const clients = parts.filter((part): part is Client => typeof part !== "function");
  const options = parts.filter((part): part is RouteOption => typeof part === "function");
  return (config) => ({
    ...config,
    routes: [
      ...config.routes.filter((route) => route.name !== name),
      options.reduce<RouteConfig>((route, option) => option(route), { name, clients }),
    ],
  });
}

/**
 * Gives a route a budget of requests (`rpm`) and tokens (`tpm`) a minute, spread evenly over the minute,
 * kept in the router's store: with `withRouterStore(newRedisStore(...))` every process shares it. A 429
 * from the route then pauses every attempt of its key for its `Retry-After`. Tokens: each attempt reserves
 * an estimate (a quarter of the request body's characters, plus its `max_tokens` or
 * `max_completion_tokens`), corrected by `usage.total_tokens` when the answer (or, with `withStreamUsage`,
 * the stream) reports it.
 * @example `withRoute("openai", client, withBudget({ rpm: 500, tpm: 200_000, whenSpent: "fallback" }))`
 */
export function withBudget(budget: RouteBudget): RouteOption {
  return (route) => ({ ...route, budget });
}

/**
 * Keeps the router's cool-downs, pauses and budgets in `store` instead of a store of its own: an
 * in-process one shared with other routers (`newMemoryStore()`), or Redis (`newRedisStore` from
 * `chatwire/redis`) shared by every process. Endpoints are known by their labels (`name`, `name#index`),
 * so processes sharing a store name their routes alike.
 * @default a new in-process store on the router's clock
 * @example `withRouterStore(newRedisStore(redis, { prefix: "myapp:" }))`
 */
export function withRouterStore(store: RouterStore): RouterOption {
  return (config) => ({ ...config, store });
}

/**
 * Sets how long an endpoint that failed (retryable failure) is left out, in milliseconds. A route whose
 * every endpoint is out still tries the one that comes back soonest.
 * @default 30_000
 * @example `withCooldown(5_000)`
 */
export function withCooldown(cooldownMs: number): RouterOption {
  return (config) => ({ ...config, cooldownMs });
}

/**
 * Sends model names that name no route (`gpt-4.1-nano`) to this route, whole.
 * @example `withDefaultProvider("openai")`
 */
export function withDefaultProvider(name: string): RouterOption {
  return (config) => ({ ...config, defaultProvider: name });
}

/**
 * Caps the back-off before retrying a stream that failed before its first content, in milliseconds.
 * @default 8_000
 * @example `withRouterMaxRetryDelay(1_000)`
 */
export function withRouterMaxRetryDelay(maxRetryDelayMs: number): RouterOption {
  return (config) => ({ ...config, maxRetryDelayMs });
}

/**
 * Uses a custom monotonic clock (milliseconds) for attempt latencies and cool-downs; tests inject a fake one.
 * @default `performance.now`
 * @example `withRouterClock(() => fakeNow)`
 */
export function withRouterClock(clock: Clock): RouterOption {
  // Not a function: kept as given, for the router to report on every call.
  return (config) => ({ ...config, clock: typeof clock === "function" ? guardedClock(clock) : clock });
}
