import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError, newTimeoutError, toSnippet } from "../errors/new-errors.ts";
import type { RouteAttempt, RouteError } from "./route-types.ts";

/** The one error of a routed call: the last error, with every attempt listed (and named when several failed). */
export function newRouteError(last: ChatwireError, attempts: readonly RouteAttempt[]): RouteError {
  const failed = attempts.filter((attempt) => attempt.error !== undefined);
  if (failed.length <= 1) return { ...last, routeAttempts: attempts };
  const each = failed.map(
    (attempt) =>
      `${attempt.provider}/${attempt.model}${attempt.endpoint === attempt.provider ? "" : ` (${attempt.endpoint})`}: ${toSnippet(attempt.error?.message ?? "", 300)}`,
  );
  return {
    ...last,
    message: `all ${failed.length} attempts failed: ${each.join("; ")}`,
    routeAttempts: attempts,
  };
}

/** The error of a routed call the caller aborted, with the attempts made before. */
export const newAbortedRouteError = (attempts: readonly RouteAttempt[]): RouteError =>
  newRouteError(newAbortedError(), attempts);

/** The error of a routed call whose route's budget has no room within the longest it may wait (`maxWaitMs`). */
export function newNoRoomError(
  provider: string,
  maxWaitMs: number,
  attempts: readonly RouteAttempt[],
): RouteError {
  const timeout = newTimeoutError("total", maxWaitMs);
  const message = `the budget of route ${provider} has no room within ${maxWaitMs} ms (its longest wait)`;
  return newRouteError({ ...timeout, message }, attempts);
}
