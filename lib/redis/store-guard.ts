import { Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newNetworkError, newTimeoutError, toSnippet } from "../errors/new-errors.ts";

/** Settings of a guard: how long an operation may take, how often a failed store is tried again, whom to tell. */
export interface StoreGuardOptions {
  readonly operationTimeoutMs: number;
  readonly retryAfterMs: number;
  readonly onStoreError: ((error: ChatwireError) => void) | undefined;
  readonly clock: () => number;
}

/**
 * Runs store operations so that a failing store is never a failure: an operation that throws, rejects,
 * outlasts `operationTimeoutMs` or answers what `parse` refuses gets the local answer instead. The first
 * failure of an outage is reported (once); until `retryAfterMs` has passed, operations go straight to the
 * local answer; then one is tried again, and a success ends the outage.
 */
export interface StoreGuard {
  readonly run: <T>(
    remote: () => Promise<unknown>,
    parse: (reply: unknown) => Result<T, ChatwireError>,
    local: () => T,
  ) => Promise<T>;
}

/** What the timer rejects with, told apart from anything a client rejects with. */
const timedOut = Symbol("timed out");

const describe = (cause: unknown): string =>
  toSnippet(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause), 300);

/** Creates a guard for one store. */
export function newStoreGuard(options: StoreGuardOptions): StoreGuard {
  const { operationTimeoutMs, retryAfterMs, onStoreError, clock } = options;
  let isDown = false;
  let retryAt = 0;
  const report = (error: ChatwireError): void => {
    // The user's callback may throw: it is told, never allowed to fail a call.
    if (onStoreError !== undefined) Result.fromThrowable(onStoreError)(error);
  };
  const fail = (error: ChatwireError): void => {
    retryAt = clock() + retryAfterMs;
    if (isDown) return;
    isDown = true;
    report(error);
  };

  function withTimeout(remote: () => Promise<unknown>): ResultAsync<unknown, ChatwireError> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut), operationTimeoutMs);
    });
    const call = Promise.resolve().then(remote);
    return ResultAsync.fromPromise(Promise.race([call, late]), (cause) =>
      cause === timedOut
        ? {
            ...newTimeoutError("total", operationTimeoutMs),
            message: `the store did not answer within ${operationTimeoutMs} ms`,
          }
        : newNetworkError(`the store failed: ${describe(cause)}`, describe(cause)),
    )
      .andTee(() => clearTimeout(timer))
      .orTee(() => clearTimeout(timer));
  }

  return {
    run: async (remote, parse, local) => {
      if (isDown && clock() < retryAt) return local();
      const answer = await withTimeout(remote).andThen(parse);
      if (answer.isErr()) {
        fail(answer.error);
        return local();
      }
      isDown = false;
      return answer.value;
    },
  };
}
