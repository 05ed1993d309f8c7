import { err, ok, type Result } from "neverthrow";
import type { DecodeError } from "../errors/chatwire-error.ts";
import { newShapeError } from "../errors/new-errors.ts";
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
  return problem === undefined ? ok(value as T) : err(newShapeError(what, problem, text));
}
