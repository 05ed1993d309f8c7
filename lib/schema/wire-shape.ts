import { isRecord } from "../internal/is-record.ts";

/** The first field of a parsed body that does not fit: its dotted path and what it should have been. */
export interface ShapeProblem {
  /** `choices.0.message`; empty for the body itself. */
  readonly field: string;
  readonly expected: string;
}

/**
 * A check of a parsed JSON value, made in place and without copying (so unknown fields stay as sent and a
 * `__proto__` key stays inert data); `T` is the type the value has once the check passes.
 */
export type WireShape<T> = ((value: unknown) => ShapeProblem | undefined) & { readonly _output?: T };

/** A check of one value: the problem it has, or `undefined` when it fits. */
export type ShapeCheck = (value: unknown) => ShapeProblem | undefined;
type Check = ShapeCheck;

/** No problem when `ok`, else the problem of a value that should have been `expected`. */
export const fits = (ok: boolean, expected: string): ShapeProblem | undefined =>
  ok ? undefined : { field: "", expected };

/** Prefixes a nested problem's path with the key it was found under. */
const under = (key: string | number, problem: ShapeProblem | undefined): ShapeProblem | undefined =>
  problem && {
    field: problem.field === "" ? `${key}` : `${key}.${problem.field}`,
    expected: problem.expected,
  };

/** A string. */
export const isString: Check = (value) => fits(typeof value === "string", "a string");

/** A number. */
export const isNumber: Check = (value) => fits(typeof value === "number", "a number");

/** `null`, or what `check` accepts. */
export const orNull =
  (check: Check): Check =>
  (value) =>
    value === null ? undefined : check(value);

/** A missing field, or what `check` accepts (JSON has no `undefined`, so only a missing key gives it). */
export const orMissing =
  (check: Check): Check =>
  (value) =>
    value === undefined ? undefined : check(value);

/** An array whose every item `check` accepts. */
export const arrayOf =
  (check: Check): Check =>
  (value) => {
    if (!Array.isArray(value)) return fits(false, "an array");
    for (let i = 0; i < value.length; i++) {
      const problem = under(i, check(value[i]));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** An object (not an array) whose listed fields fit, checked in order; other fields are kept as sent. */
export const objectWith =
  (fields: Readonly<Record<string, Check>>): Check =>
  (value) => {
    if (!isRecord(value)) return fits(false, "an object");
    for (const key in fields) {
      const problem = under(key, (fields[key] as Check)(value[key]));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
