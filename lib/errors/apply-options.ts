import { Result } from "neverthrow";
import { describeThrown, describeValue } from "../internal/describe-value.ts";
import type { InvalidRequestError } from "./chatwire-error.ts";
import { newInvalidRequestError } from "./new-errors.ts";

/** What {@link applyOptions} gives: the configuration, and the first option that could not be applied. */
export interface AppliedOptions<C> {
  readonly applied: C;
  readonly problem: InvalidRequestError | undefined;
}

/**
 * Applies options left to right to `start`. An option that is not a function, or that throws (a builder
 * given, from JavaScript, a value its type rules out), is skipped, and the first such is `problem`, on
 * `options.N`: the builder reports it on every call instead of throwing.
 * @example
 * ```ts
 * const { applied, problem } = applyOptions(defaultClientConfig(), options);
 * ```
 */
export function applyOptions<C>(start: C, options: readonly unknown[]): AppliedOptions<C> {
  const bad = (index: number, why: string) => newInvalidRequestError(`options.${index}`, why);
  let applied = start;
  let problem: InvalidRequestError | undefined;
  for (let index = 0; index < options.length; index++) {
    const option = options[index];
    if (typeof option !== "function") {
      problem ??= bad(index, `must be an option function, got ${describeValue(option)}`);
      continue;
    }
    const result = Result.fromThrowable(option as (config: C) => C, describeThrown)(applied);
    if (result.isOk()) applied = result.value;
    else problem ??= bad(index, `could not be applied: ${result.error}`);
  }
  return { applied, problem };
}
