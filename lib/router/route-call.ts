import { err, ok, type Result } from "neverthrow";
import type { Client } from "../client/client.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError } from "../errors/new-errors.ts";
import { sleep } from "../internal/sleep.ts";
import { retryDelay } from "../transport/retry-policy.ts";
import { type EndpointPool, pickEndpoint } from "./endpoint-pool.ts";
import { type ModelRef, resolveModel } from "./resolve-model.ts";
import { ejectionReason, pauseOf, rateOf, reportedTokens, takeEjections } from "./route-budget.ts";
import { newAbortedRouteError, newNoRoomError, newRouteError } from "./route-error.ts";
import type { RouteAttempt, Routed, RouteError } from "./route-types.ts";
import type { RouterConfig } from "./router-config.ts";
import { isPending, type RouterStore } from "./router-store.ts";

/** What a router needs of a request: its model, its fallbacks, its retry count. */
export interface RoutableRequest {
  readonly body: { readonly model: string };
  readonly fallbackModels?: readonly string[];
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
}

/** Why an attempt failed, and when: before the response (`open`) or in a stream before its content. */
export interface AttemptFailure {
  readonly error: ChatwireError;
  readonly phase: "open" | "stream";
}

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
) => Promise<Result<{ readonly value: T; readonly keepsSlot: boolean }, AttemptFailure>>;

/** A router's live state: its configuration, one endpoint pool per route, and the store they share. */
export interface RouterState {
  readonly config: RouterConfig;
  readonly pools: ReadonlyMap<string, EndpointPool>;
  readonly store: RouterStore;
}

/** A failure worth another endpoint or model: a retryable one (never the caller's abort, never a 400). */
const isWorthFallback = (error: ChatwireError): boolean => error.retryable;

function resolveChain(state: RouterState, request: RoutableRequest): Result<readonly ModelRef[], RouteError> {
  const names = [...state.pools.keys()];
  const { defaultProvider } = state.config;
  const chain: ModelRef[] = [];
  const fallbacks = request.fallbackModels ?? [];
  for (const [index, name] of [request.body.model, ...fallbacks].entries()) {
    const field = index === 0 ? "model" : `fallbackModels.${index - 1}`;
    const ref = resolveModel(name, field, names, defaultProvider);
    if (ref.isErr()) return err({ ...ref.error, routeAttempts: [] });
    chain.push(ref.value);
  }
  return ok(chain);
}

/**
 * Routes one call: resolves the request's model and its fallbacks to routes (all of them, before any
 * network call), then tries them in order. Within a route, an attempt goes to the least loaded healthy
 * endpoint; a retryable failure ejects the endpoint for the cool-down and moves on to the next replica,
 * then to the next model. A stream that failed before its first content is retried on the route (up to
 * the request's retry count, default 2) before that. A failure that is not retryable (a 4xx other than
 * 408/409/429, a decode error, the caller's abort) ends the call at once.
 */
export async function routeCall<R extends RoutableRequest, T extends object>(
  state: RouterState,
  request: R,
  signal: AbortSignal | undefined,
  call: AttemptCall<R, T>,
): Promise<Result<Routed<T>, RouteError>> {
  const chain = resolveChain(state, request);
  if (chain.isErr()) return err(chain.error);
  const { clock, cooldownMs, maxRetryDelayMs, routes } = state.config;
  const { store } = state;
  const attempts: RouteAttempt[] = [];
  let last: ChatwireError = newAbortedError();
  let waitedMs = 0;
  for (const [index, { provider, model }] of chain.value.entries()) {
    const pool = state.pools.get(provider);
    if (pool === undefined) continue;
    const { fallbackModels: _fallbacks, ...rest } = request;
    const sent = { ...rest, body: { ...request.body, model } } as R;
    const tried = new Set<(typeof pool.endpoints)[number]>();
    const labels = pool.endpoints.map((endpoint) => endpoint.label);
    const budget = routes.find((route) => route.name === provider)?.budget;
    const rate = rateOf(provider, budget, sent.body);
    const tokenRate = rate?.budget.tpm === undefined ? undefined : rate;
    const maxWaitMs = Math.min(budget?.maxWaitMs ?? 60_000, request.timeoutMs ?? Number.POSITIVE_INFINITY);
    let streamRetries = 0;
    for (;;) {
      if (signal?.aborted) return err(newAbortedRouteError(attempts));
      if (tried.size >= pool.endpoints.length) break;
      // One store round trip an attempt: the endpoints' shared cool-downs, and the budget checked and charged.
      const asked = store.begin(rate === undefined ? { endpoints: labels } : { endpoints: labels, rate });
      const answer = isPending(asked) ? await asked : asked;
      takeEjections(pool, answer, clock());
      if (answer.waitMs > 0) {
        if (budget?.whenSpent === "fallback" && index < chain.value.length - 1) break;
        if (waitedMs + answer.waitMs > maxWaitMs) {
          return err(newNoRoomError(provider, maxWaitMs, attempts));
        }
        waitedMs += answer.waitMs;
        if (!(await sleep(answer.waitMs, signal))) return err(newAbortedRouteError(attempts));
        continue;
      }
      const endpoint = pickEndpoint(pool, clock(), tried);
      if (endpoint === undefined) break;
      endpoint.inFlight++;
      let isReleased = false;
      const release = (): void => {
        if (!isReleased) endpoint.inFlight--;
        isReleased = true;
      };
      let isSettled = false;
      // The tokens an answer reports settle the estimate its attempt was charged (once), under a token budget.
      const settle =
        tokenRate === undefined
          ? undefined
          : (usedTokens: number): void => {
              if (!isSettled)
                void store.settle(tokenRate.key, tokenRate.budget, usedTokens - tokenRate.tokens);
              isSettled = true;
            };
      const startedAt = clock();
      const outcome = await call(endpoint.client, sent, release, settle);
      const where = { provider, model, endpoint: endpoint.label, latencyMs: clock() - startedAt };
      if (outcome.isOk()) {
        if (!outcome.value.keepsSlot) release();
        const used = settle === undefined ? undefined : reportedTokens(outcome.value.value);
        if (used !== undefined) settle?.(used);
        attempts.push(where);
        return ok({
          ...outcome.value.value,
          route: { provider, model, endpoint: endpoint.label },
          routeAttempts: attempts,
        });
      }
      release();
      const { error, phase } = outcome.error;
      last = error;
      attempts.push({ ...where, error });
      if (!isWorthFallback(error)) return err(newRouteError(error, attempts));
      endpoint.ejectedUntil = clock() + cooldownMs;
      void store.eject(endpoint.label, cooldownMs, ejectionReason(error));
      const pauseMs = rate === undefined ? undefined : pauseOf(error);
      if (rate !== undefined && pauseMs !== undefined) void store.pause(rate.key, pauseMs);
      if (phase === "stream" && streamRetries < (request.maxRetries ?? 2)) {
        const wait = retryDelay(streamRetries++, undefined, maxRetryDelayMs)?.waitMs ?? 0;
        if (!(await sleep(wait, signal))) return err(newAbortedRouteError(attempts));
        continue;
      }
      tried.add(endpoint);
    }
  }
  return err(newRouteError(last, attempts));
}
