import type { Result } from "neverthrow";
import type { Client } from "../client/client.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { retryDelay } from "../transport/retry-policy.ts";
import type { Endpoint, EndpointPool } from "./endpoint-pool.ts";
import { ejectionReason, pauseOf, reportedTokens, takeEjections } from "./route-budget.ts";
import { newNoRoomError, newRouteError } from "./route-error.ts";
import type { RouteAttempt, RouteError } from "./route-types.ts";
import type { RouterState } from "./router-state.ts";
import type { StoreAnswer, StoreAttempt, StoreRate } from "./router-store.ts";

/** Why an attempt failed, and when: before the response (`open`) or in a stream before its content. */
export interface AttemptFailure {
  readonly error: ChatwireError;
  readonly phase: "open" | "stream";
}

/** What one attempt gives: its value and whether it keeps the endpoint's slot, or why it failed. */
export type AttemptOutcome<T> = Result<{ readonly value: T; readonly keepsSlot: boolean }, AttemptFailure>;

/**
 * One attempt on one client. `release` frees the endpoint's in-flight slot; a successful attempt that
 * keeps the slot (a stream, until it ends) takes it over by returning `keepsSlot`. `settle`, given only to
 * a route with a token budget, takes the tokens a stream reports (`usage.total_tokens`) once they arrive.
 */
export type AttemptCall<R, T> = (
  client: Client,
  request: R,
  release: () => void,
  settle: ((usedTokens: number) => void) | undefined,
) => Promise<AttemptOutcome<T>>;

/** What a routed call has done so far, across its models: every attempt, and its wait for budgets (ms). */
export interface CallRun {
  readonly attempts: RouteAttempt[];
  waitedMs: number;
}

/** One model of a call's chain on its route: the request as sent there, and what its attempts ask. */
export interface Leg<R> {
  readonly provider: string;
  readonly model: string;
  readonly pool: EndpointPool;
  readonly sent: R;
  /** What each attempt asks of the store: its endpoints' cool-downs, and room in the route's budget. */
  readonly ask: StoreAttempt;
  /** The rate of a route with a token budget, whose estimate an answer's reported usage settles. */
  readonly tokenRate: StoreRate | undefined;
  /** The longest the call waits for the route's budget, in milliseconds. */
  readonly maxWaitMs: number;
  /** Whether a spent budget moves the call on to the next model instead of waiting. */
  readonly fallsBack: boolean;
  /** How often a stream that failed before its content is tried again on the route. */
  readonly maxStreamRetries: number;
}

/** An attempt under way on one endpoint: its slot and settlement, its start, and the call's outcome to come. */
export interface Attempt<T> {
  readonly endpoint: Endpoint;
  readonly release: () => void;
  readonly settle: ((usedTokens: number) => void) | undefined;
  /** On the router's clock. */
  readonly startedAt: number;
  readonly outcome: Promise<AttemptOutcome<T>>;
}

/** A failure worth another endpoint or model: a retryable one (never the caller's abort, never a 400). */
const isWorthFallback = (error: ChatwireError): boolean => error.retryable;

/**
 * Reads the store's answer for a leg's next attempt, taking the cool-downs it reports into the pool. With
 * room in the budget, 0: the attempt goes. Without: `"fall back"` when the route moves on to the next
 * model, the no-room error when the wait would pass the leg's longest, else the wait in milliseconds
 * (counted in `run`) before asking again.
 */
export function readRoom<R>(
  answer: StoreAnswer,
  state: RouterState,
  leg: Leg<R>,
  run: CallRun,
): number | "fall back" | RouteError {
  takeEjections(leg.pool, answer, state.config.clock());
  const { waitMs } = answer;
  if (!(waitMs > 0)) return 0;
  if (leg.fallsBack) return "fall back";
  if (run.waitedMs + waitMs > leg.maxWaitMs) return newNoRoomError(leg.provider, leg.maxWaitMs, run.attempts);
  run.waitedMs += waitMs;
  return waitMs;
}

/**
 * Starts one attempt on `endpoint`: takes its in-flight slot and makes the call, handing it `release` (the
 * slot, freed once) and, under a token budget, `settle` (the usage an answer reports, settled once).
 */
export function attemptOn<R, T>(
  endpoint: Endpoint,
  state: RouterState,
  leg: Leg<R>,
  call: AttemptCall<R, T>,
): Attempt<T> {
  const { store, config } = state;
  const { tokenRate } = leg;
  endpoint.inFlight++;
  let isReleased = false;
  const release = (): void => {
    if (!isReleased) endpoint.inFlight--;
    isReleased = true;
  };
  let isSettled = false;
  const settle =
    tokenRate === undefined
      ? undefined
      : (usedTokens: number): void => {
          if (!isSettled) void store.settle(tokenRate.key, tokenRate.budget, usedTokens - tokenRate.tokens);
          isSettled = true;
        };
  const startedAt = config.clock();
  return { endpoint, release, settle, startedAt, outcome: call(endpoint.client, leg.sent, release, settle) };
}

/**
 * Ends an attempt with its outcome and adds its record to `attempts`: frees the endpoint's slot (unless a
 * successful attempt keeps it) and settles the tokens a successful answer reports.
 */
export function endAttempt<R, T extends object>(
  { endpoint, release, settle, startedAt }: Attempt<T>,
  outcome: AttemptOutcome<T>,
  state: RouterState,
  leg: Leg<R>,
  attempts: RouteAttempt[],
): void {
  const latencyMs = state.config.clock() - startedAt;
  const { provider, model } = leg;
  if (outcome.isErr()) {
    release();
    attempts.push({ provider, model, endpoint: endpoint.label, latencyMs, error: outcome.error.error });
    return;
  }
  if (!outcome.value.keepsSlot) release();
  const used = settle === undefined ? undefined : reportedTokens(outcome.value.value);
  if (used !== undefined) settle?.(used);
  attempts.push({ provider, model, endpoint: endpoint.label, latencyMs });
}

/**
 * What follows a failed attempt: a failure not worth another endpoint ends the call; otherwise the endpoint
 * is ejected for the cool-down and a rate limit (429) pauses the budget's key. Then a stream that failed
 * before its content is tried again on the route after a backoff (its wait in milliseconds is returned; up
 * to the leg's `maxStreamRetries`), and any other failure moves on to the next endpoint.
 */
export function afterFailure<R>(
  endpoint: Endpoint,
  { error, phase }: AttemptFailure,
  state: RouterState,
  leg: Leg<R>,
  attempts: readonly RouteAttempt[],
  streamRetries: number,
): "next endpoint" | number | RouteError {
  if (!isWorthFallback(error)) return newRouteError(error, attempts);
  const { store, config } = state;
  endpoint.ejectedUntil = config.clock() + config.cooldownMs;
  void store.eject(endpoint.label, config.cooldownMs, ejectionReason(error));
  const { rate } = leg.ask;
  const pauseMs = rate === undefined ? undefined : pauseOf(error);
  if (rate !== undefined && pauseMs !== undefined) void store.pause(rate.key, pauseMs);
  if (phase === "stream" && streamRetries < leg.maxStreamRetries)
    return retryDelay(streamRetries, undefined, config.maxRetryDelayMs)?.waitMs ?? 0;
  return "next endpoint";
}
