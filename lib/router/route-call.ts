import { err, ok, type Result } from "neverthrow";
import { newAbortedError } from "../errors/new-errors.ts";
import { sleep } from "../internal/sleep.ts";
import { type Endpoint, pickEndpoint } from "./endpoint-pool.ts";
import { type ModelRef, resolveModel } from "./resolve-model.ts";
import {
  type AttemptCall,
  afterFailure,
  attemptOn,
  type CallRun,
  endAttempt,
  type Leg,
  readRoom,
} from "./route-attempt.ts";
import { rateOf } from "./route-budget.ts";
import { newAbortedRouteError, newRouteError } from "./route-error.ts";
import type { Routed, RouteError } from "./route-types.ts";
import type { RouterState } from "./router-state.ts";
import { isPending } from "./router-store.ts";

/** What a router needs of a request: its model, its fallbacks, its retry count. */
export interface RoutableRequest {
  readonly body: { readonly model: string };
  readonly fallbackModels?: readonly string[];
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
}

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

/** The leg of one model of the chain (none when its route has no pool); `isLast` for the chain's last. */
function newLeg<R extends RoutableRequest>(
  state: RouterState,
  request: R,
  { provider, model }: ModelRef,
  isLast: boolean,
): Leg<R> | undefined {
  const pool = state.pools.get(provider);
  if (pool === undefined) return undefined;
  const { fallbackModels: _fallbacks, ...rest } = request;
  const sent = { ...rest, body: { ...request.body, model } } as R;
  const endpoints = pool.endpoints.map((endpoint) => endpoint.label);
  const budget = state.config.routes.find((route) => route.name === provider)?.budget;
  const rate = rateOf(provider, budget, sent.body);
  return {
    provider,
    model,
    pool,
    sent,
    ask: rate === undefined ? { endpoints } : { endpoints, rate },
    tokenRate: rate?.budget.tpm === undefined ? undefined : rate,
    maxWaitMs: Math.min(budget?.maxWaitMs ?? 60_000, request.timeoutMs ?? Number.POSITIVE_INFINITY),
    fallsBack: budget?.whenSpent === "fallback" && !isLast,
    maxStreamRetries: request.maxRetries ?? 2,
  };
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
  const run: CallRun = { attempts: [], waitedMs: 0 };
  // The steps never await: a routed call yields only at the awaits below (the store's answer, a wait for the
  // budget, the attempt, a stream's retry delay), so calls made together take budgets, slots and endpoints
  // in the order they reach them, and with the in-process store an attempt starts before routeCall yields.
  for (const [index, ref] of chain.value.entries()) {
    const leg = newLeg(state, request, ref, index === chain.value.length - 1);
    if (leg === undefined) continue;
    const tried = new Set<Endpoint>();
    let streamRetries = 0;
    for (;;) {
      if (signal?.aborted) return err(newAbortedRouteError(run.attempts));
      if (tried.size >= leg.pool.endpoints.length) break;
      // One store round trip an attempt: the endpoints' shared cool-downs, and the budget checked and charged.
      const asked = state.store.begin(leg.ask);
      const room = readRoom(isPending(asked) ? await asked : asked, state, leg, run);
      if (room === "fall back") break;
      if (typeof room === "object") return err(room);
      if (room > 0) {
        if (await sleep(room, signal)) continue;
        return err(newAbortedRouteError(run.attempts));
      }
      const endpoint = pickEndpoint(leg.pool, state.config.clock(), tried);
      if (endpoint === undefined) break;
      const attempt = attemptOn(endpoint, state, leg, call);
      const outcome = await attempt.outcome;
      endAttempt(attempt, outcome, state, leg, run.attempts);
      if (outcome.isOk()) {
        const route = { provider: leg.provider, model: leg.model, endpoint: endpoint.label };
        return ok({ ...outcome.value.value, route, routeAttempts: run.attempts });
      }
      const next = afterFailure(endpoint, outcome.error, state, leg, run.attempts, streamRetries);
      if (next === "next endpoint") tried.add(endpoint);
      else if (typeof next === "object") return err(next);
      else if (await sleep(next, signal)) streamRetries++;
      else return err(newAbortedRouteError(run.attempts));
    }
  }
  return err(newRouteError(run.attempts.at(-1)?.error ?? newAbortedError(), run.attempts));
}
