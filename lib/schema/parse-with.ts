import { err, ok, type Result } from "neverthrow";
import type { DecodeError } from "../errors/chatwire-error.ts";
import { newDecodeError } from "../errors/new-errors.ts";
import type { WireShape } from "./wire-shape.ts";

/**
 * Checks a parsed JSON value against a wire shape, in place; a mismatch is a `decode` error naming the
 * first field at fault.
 */
export function parseWith<T>(
  shape: WireShape<T>,
  value: unknown,
  what: string,
  text: string,
): Result<T, DecodeError> {
  const problem = shape(value);
  if (problem === undefined) return ok(value as T);
  const where = problem.field === "" ? "" : ` at ${problem.field}`;
  return err(
    newDecodeError(
      `${what} does not have the expected shape${where}: expected ${problem.expected}`,
      problem.field,
      text,
    ),
  );
}
