import type { ChatwireError, InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { numberProblem } from "../errors/number-problem.ts";
import { asRecord } from "../internal/is-record.ts";
import { stringifyJson } from "../internal/json.ts";
import { nonNegativeAt } from "../timing/units.ts";
import type { EndpointPool } from "./endpoint-pool.ts";
import { defaultPauseMs, maxPauseMs } from "./rate-limit-headers.ts";
import type { RouteBudget } from "./router-config.ts";
import type { StoreAnswer, StoreRate } from "./router-store.ts";

/**
 * The tokens an attempt reserves before it is sent: a quarter of the request body's characters (about
 * four characters a token) plus the most it may generate (`max_tokens`, `max_completion_tokens`). A body
 * that cannot be written as JSON counts no characters: its call stops before the network.
 */
export function estimateTokens(body: object): number {
  const { max_tokens: maxTokens, max_completion_tokens: maxCompletionTokens } = body as Readonly<
    Record<string, unknown>
  >;
  const cap = typeof maxCompletionTokens === "number" ? maxCompletionTokens : maxTokens;
  const characters = stringifyJson(body)
    .map((text) => text.length)
    .unwrapOr(0);
  return Math.ceil(characters / 4) + (typeof cap === "number" && cap > 0 ? cap : 0);
}

/** The tokens an answer reports it used (`usage.total_tokens`), when it does. */
export function reportedTokens(value: object): number | undefined {
  const usage = asRecord((value as { readonly usage?: unknown }).usage);
  return usage === undefined ? undefined : nonNegativeAt(usage, "total_tokens");
}

/** What an attempt of a route with a budget asks of the store; none for a route without one. */
export function rateOf(name: string, budget: RouteBudget | undefined, body: object): StoreRate | undefined {
  if (budget === undefined) return undefined;
  const { rpm, tpm } = budget;
  return {
    key: budget.key ?? name,
    budget: { ...(rpm === undefined ? {} : { rpm }), ...(tpm === undefined ? {} : { tpm }) },
    tokens: tpm === undefined ? 0 : estimateTokens(body),
  };
}

/** Takes the cool-downs a store reports into the pool (never shortening one the router knows of). */
export function takeEjections(pool: EndpointPool, answer: StoreAnswer, now: number): void {
  for (const [index, endpoint] of pool.endpoints.entries()) {
    const ejection = answer.ejections[index];
    if (ejection === undefined || ejection.forMs <= 0) continue;
    const until = now + ejection.forMs;
    if (until > endpoint.ejectedUntil) endpoint.ejectedUntil = until;
  }
}

/** Why an endpoint is left out: `"http 503"`, `"network"`, `"timeout"`. */
export const ejectionReason = (error: ChatwireError): string =>
  error.kind === "http" ? `http ${error.status}` : error.kind;

/** How long a failure pauses its rate-limited key: a 429's `Retry-After` (capped at 60 s), else nothing. */
export function pauseOf(error: ChatwireError): number | undefined {
  if (error.kind !== "http" || error.status !== 429) return undefined;
  return Math.min(error.retryAfterMs ?? defaultPauseMs, maxPauseMs);
}

/** What is wrong with a route's budget (a rate that is not a positive number...), if anything. */
export function budgetProblem(
  name: string,
  budget: RouteBudget | undefined,
): InvalidRequestError | undefined {
  if (budget === undefined) return undefined;
  const field = `routes.${name}.budget`;
  const { rpm, tpm, maxWaitMs, whenSpent, key } = budget;
  const problem =
    numberProblem(`${field}.rpm`, rpm, "positive") ??
    numberProblem(`${field}.tpm`, tpm, "positive") ??
    numberProblem(`${field}.maxWaitMs`, maxWaitMs, "nonNegative");
  if (problem !== undefined) return problem;
  if (whenSpent !== undefined && whenSpent !== "wait" && whenSpent !== "fallback")
    return newInvalidRequestError(
      `${field}.whenSpent`,
      `must be "wait" or "fallback", got ${String(whenSpent)}`,
    );
  if (key !== undefined && (typeof key !== "string" || key === ""))
    return newInvalidRequestError(`${field}.key`, "must be a non-empty string");
  return undefined;
}
