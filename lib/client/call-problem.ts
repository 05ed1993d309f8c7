import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { describeValue } from "../internal/describe-value.ts";
import { isRecord } from "../internal/is-record.ts";

const isAbortSignal = (value: unknown): boolean =>
  typeof (value as AbortSignal | null)?.aborted === "boolean" &&
  typeof (value as AbortSignal).addEventListener === "function";

/**
 * What is wrong with a call's options, before anything reads them: options that are not an object, or a
 * `signal` that is not an `AbortSignal`. TypeScript rules both out; a JavaScript caller gets this
 * `invalid_request` error instead of a throw.
 */
export function callOptionsProblem(options: unknown): InvalidRequestError | undefined {
  if (options === undefined) return undefined;
  if (!isRecord(options))
    return newInvalidRequestError("options", `must be an object ({ signal }), got ${describeValue(options)}`);
  const { signal } = options;
  return signal === undefined || isAbortSignal(signal)
    ? undefined
    : newInvalidRequestError("signal", `must be an AbortSignal, got ${describeValue(signal)}`);
}

/**
 * What is wrong with a call's request and options, before anything reads them: a request that is not one
 * (`undefined`, a string, an object without a body) or options {@link callOptionsProblem} refuses.
 * `madeBy` names the builder, for the message: `newChatCompletionRequest`.
 */
export function callProblem(
  request: unknown,
  options: unknown,
  madeBy: string,
): InvalidRequestError | undefined {
  return isRecord(request) && isRecord(request.body)
    ? callOptionsProblem(options)
    : newInvalidRequestError("request", `must be a request made by ${madeBy}, got ${describeValue(request)}`);
}
