import { createHash } from "node:crypto";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { type Clock, callerClock } from "../internal/clock.ts";
import { newMemoryStore } from "../router/memory-store.ts";
import type { RouterStore, StoreAnswer, StoreAttempt } from "../router/router-store.ts";
import { parseBeginReply, parseWriteReply } from "./redis-replies.ts";
import { beginScript, ejectScript, pauseScript, settleScript } from "./redis-scripts.ts";
import { newStoreGuard } from "./store-guard.ts";

/**
 * What the Redis store needs of a client: node-redis's `sendCommand` (`createClient()` from `redis` v5).
 * An `error` listener is added to a client that has none, so that a lost connection never ends the process.
 */
export interface RedisClientLike {
  /** Sends one command (`["EVALSHA", sha, ...]`) and resolves with its reply. */
  readonly sendCommand: (args: readonly string[]) => Promise<unknown>;
  /** Listens to the client's events: the store listens to `error` when nothing else does. */
  readonly on?: (event: "error", listener: (error: unknown) => void) => unknown;
  /** How many listeners an event has. */
  readonly listenerCount?: (event: "error") => number;
}

/** Settings of a Redis store. */
export interface RedisStoreOptions {
  /** Put before every key, so that applications sharing a Redis keep apart. @default "chatwire:" */
  readonly prefix?: string;
  /**
   * The longest a store operation may take, in milliseconds; a slower one counts as a failure, and the
   * attempt goes on with the local state. @default 500
   */
  readonly operationTimeoutMs?: number;
  /** After a failure, how long operations use the local state before Redis is tried again, in milliseconds. @default 1_000 */
  readonly retryAfterMs?: number;
  /**
   * Told once per outage, when Redis first fails (down, slower than `operationTimeoutMs`, or answering
   * garbage); a success ends the outage. Whatever it throws is ignored.
   */
  readonly onStoreError?: (error: ChatwireError) => void;
  /** The local clock of the fallback state (milliseconds, monotonic); shared state runs on Redis's clock. @default `performance.now` */
  readonly clock?: Clock;
}

interface Script {
  readonly source: string;
  readonly sha: string;
}

const scriptOf = (source: string): Script => ({
  source,
  sha: createHash("sha1").update(source).digest("hex"),
});

const isNoScript = (error: unknown): boolean =>
  String((error as { message?: unknown } | undefined)?.message ?? error).startsWith("NOSCRIPT");

/**
 * Creates a store that shares the router's cool-downs and its rate limits (pauses, `rpm` and `tpm`
 * budgets) among every process using the same Redis and prefix. Each update is one Lua script, atomic on
 * the server, timed by the server's clock (`TIME`), with keys that expire on their own; an attempt reads
 * once (one script both checks and charges). Redis is a helper, never a point of failure: when it is down,
 * slow or answers garbage, the store answers from the process's own state (kept up to date alongside),
 * reports the outage once through `onStoreError`, and uses Redis again once it answers.
 * Hint: create the client with `disableOfflineQueue: true`, so that commands are not held while it is
 * disconnected. With Redis Cluster, put a hash tag in the prefix (`"{chatwire}:"`).
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { newRedisStore } from "chatwire/redis";
 * const redis = await createClient({ url: "redis://10.0.0.5:6379", disableOfflineQueue: true }).connect();
 * const router = newRouter(
 *   withRouterStore(newRedisStore(redis, { prefix: "myapp:", onStoreError: (error) => log.warn(error.message) })),
 *   withRoute("openai", newClient(withProvider(openai())), withBudget({ rpm: 500, tpm: 200_000 })),
 * );
 * ```
 */
export function newRedisStore(redis: RedisClientLike, options: RedisStoreOptions = {}): RouterStore {
  const settings: RedisStoreOptions = options ?? {};
  const prefix = settings.prefix ?? "chatwire:";
  const clock = callerClock(settings.clock);
  const local = newMemoryStore({ clock });
  const guard = newStoreGuard({
    operationTimeoutMs: settings.operationTimeoutMs ?? 500,
    retryAfterMs: settings.retryAfterMs ?? 1_000,
    onStoreError: settings.onStoreError,
    clock,
  });
  // Failures show in the operations; the listener only keeps node-redis from throwing an unheard `error`.
  if (redis?.on !== undefined && (redis.listenerCount?.("error") ?? 0) === 0)
    redis.on("error", () => undefined);
  const scripts = {
    begin: scriptOf(beginScript),
    eject: scriptOf(ejectScript),
    pause: scriptOf(pauseScript),
    settle: scriptOf(settleScript),
  };
  const endpointKey = (label: string): string => `${prefix}endpoint:${label}`;
  const rateKey = (key: string): string => `${prefix}rate:${key}`;

  function evaluate(script: Script, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    // A restarted Redis has forgotten the script: EVAL sends it (and caches it) once. Failures are the
    // store guard's to report.
    return Promise.resolve()
      .then(() => redis.sendCommand(["EVALSHA", script.sha, ...tail]))
      .catch((error: unknown) =>
        isNoScript(error) ? redis.sendCommand(["EVAL", script.source, ...tail]) : Promise.reject(error),
      );
  }

  function begin(attempt: StoreAttempt): Promise<StoreAnswer> {
    const { rate, endpoints } = attempt;
    const keys = [...(rate === undefined ? [] : [rateKey(rate.key)]), ...endpoints.map(endpointKey)];
    const args =
      rate === undefined
        ? ["0", "0", "0", "0"]
        : ["1", String(rate.budget.rpm ?? 0), String(rate.budget.tpm ?? 0), String(rate.tokens)];
    return guard.run(
      () => evaluate(scripts.begin, keys, args),
      (reply) =>
        parseBeginReply(reply, endpoints.length).andTee((answer) => {
          // Kept locally too, so that an outage starts from what Redis last said.
          for (const [index, ejection] of answer.ejections.entries()) {
            const label = endpoints[index];
            if (label !== undefined && ejection.forMs > 0)
              local.eject(label, ejection.forMs, ejection.reason);
          }
        }),
      () => local.begin(attempt),
    );
  }

  const write = (script: Script, key: string, args: readonly string[]): Promise<void> =>
    guard.run(
      () => evaluate(script, [key], args),
      parseWriteReply,
      () => undefined,
    );

  return {
    begin,
    eject: (endpoint, forMs, reason) => {
      local.eject(endpoint, forMs, reason);
      return write(scripts.eject, endpointKey(endpoint), [String(forMs), reason]);
    },
    pause: (key, forMs) => {
      local.pause(key, forMs);
      return write(scripts.pause, rateKey(key), [String(forMs)]);
    },
    settle: (key, budget, tokens) => {
      local.settle(key, budget, tokens);
      if (budget.tpm === undefined) return Promise.resolve();
      return write(scripts.settle, rateKey(key), [String(budget.tpm), String(tokens)]);
    },
  };
}
