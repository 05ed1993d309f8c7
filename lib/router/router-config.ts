import type { Clock } from "../client/client-config.ts";
import type { Client } from "../client/new-client.ts";

/** One named route: a provider, served by one client or by several replicas. */
export interface RouteConfig {
  readonly name: string;
  readonly clients: readonly Client[];
}

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
    clock: () => performance.now(),
  };
}

/**
 * Adds a route: `provider/model` names whose provider is `name` go to `clients` (replacing a route of the
 * same name). Several clients are replicas of one server: each call goes to the one with the fewest calls
 * in flight, and one that fails is left out for the cool-down. Hint: give replicas `withMaxRetries(0)`, so
 * that a failure moves on to the next replica at once instead of retrying the same one.
 * @example `withRoute("mistral", newClient(withProvider(mistral())))`
 */
export function withRoute(name: string, ...clients: readonly Client[]): RouterOption {
  return (config) => ({
    ...config,
    routes: [...config.routes.filter((route) => route.name !== name), { name, clients }],
  });
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
  return (config) => ({ ...config, clock });
}
