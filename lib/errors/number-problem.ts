import type { InvalidRequestError } from "./chatwire-error.ts";
import { newInvalidRequestError } from "./new-errors.ts";

/** What a number setting must be: `positive` (finite, > 0), `nonNegative` (finite, ≥ 0), `count` (integer ≥ 0) or `size` (integer ≥ 1). */
export type NumberRule = "positive" | "nonNegative" | "count" | "size";

const numberRules: Readonly<Record<NumberRule, readonly [(value: number) => boolean, string]>> = {
  positive: [(value) => Number.isFinite(value) && value > 0, "a finite number > 0"],
  nonNegative: [(value) => Number.isFinite(value) && value >= 0, "a finite number ≥ 0"],
  count: [(value) => Number.isSafeInteger(value) && value >= 0, "an integer ≥ 0"],
  size: [(value) => Number.isSafeInteger(value) && value >= 1, "an integer ≥ 1"],
};

/**
 * The problem with a number setting that is set and breaks its rule, naming its field (`must be a finite
 * number > 0, got -1`); `undefined` when it is unset or fits.
 * @example `numberProblem("maxRetries", -1, "count")`
 */
export function numberProblem(
  field: string,
  value: unknown,
  rule: NumberRule,
): InvalidRequestError | undefined {
  const [fits, what] = numberRules[rule];
  return value === undefined || (typeof value === "number" && fits(value))
    ? undefined
    : newInvalidRequestError(field, `must be ${what}, got ${String(value)}`);
}
