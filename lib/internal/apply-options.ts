import { Result } from "neverthrow";
import { describeThrown, describeValue } from "./describe-value.ts";

/**
 * Applies options left to right to `start`. An option that is not a function, or that throws (a builder
 * given, from JavaScript, a value its type rules out), is handed to `onBad` with its position and what is
 * wrong, so that the builder records a problem for its calls to report instead of throwing.
 * @example
 * ```ts
 * const request = applyOptions(start, options, (request, index, problem) =>
 *   addProblem(request, newInvalidRequestError(`options.${index}`, problem)),
 * );
 * ```
 */
export function applyOptions<C>(
  start: C,
  options: readonly unknown[],
  onBad: (config: C, index: number, problem: string) => C,
): C {
  let config = start;
  for (let index = 0; index < options.length; index++) {
    const option = options[index];
    if (typeof option !== "function") {
      config = onBad(config, index, `must be an option function, got ${describeValue(option)}`);
      continue;
    }
    const applied = Result.fromThrowable(option as (config: C) => C, describeThrown)(config);
    config = applied.isOk() ? applied.value : onBad(config, index, `could not be applied: ${applied.error}`);
  }
  return config;
}
