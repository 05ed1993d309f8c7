import { err, ok, type Result } from "neverthrow";
import * as v from "valibot";
import type { DecodeError } from "../errors/chatwire-error.ts";
import { newDecodeError } from "../errors/new-errors.ts";

/** The dotted path of a valibot issue: `choices.0.message`. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((item) => String(item.key)).join(".");
}

/**
 * Validates a parsed JSON value against a wire schema; a mismatch is a `decode` error naming the first
 * field at fault.
 */
export function parseWith<T>(
  schema: v.GenericSchema<unknown, T>,
  value: unknown,
  what: string,
  text: string,
): Result<T, DecodeError> {
  const parsed = v.safeParse(schema, value, { abortEarly: true });
  if (parsed.success) return ok(parsed.output);
  const issue = parsed.issues[0];
  const field = issuePath(issue);
  const where = field === "" ? "" : ` at ${field}`;
  return err(
    newDecodeError(`${what} does not have the expected shape${where}: ${issue.message}`, field, text),
  );
}
