import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { describeValue } from "../internal/describe-value.ts";

/**
 * What is wrong with a value handed over as a stream, before anything iterates it: it is not async
 * iterable (`undefined`, the `Result` of opening a stream that failed to open read as its value...).
 * TypeScript rules it out; a JavaScript caller gets this `invalid_request` error instead of a throw.
 */
export function streamProblem(stream: unknown): InvalidRequestError | undefined {
  return typeof (stream as Partial<AsyncIterable<unknown>> | null)?.[Symbol.asyncIterator] === "function"
    ? undefined
    : newInvalidRequestError("stream", `must be a stream opened by a client, got ${describeValue(stream)}`);
}
