import type { StandardSchemaV1 } from "@standard-schema/spec";
import { err, ok, Result } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError, newOutputError } from "../errors/new-errors.ts";
import { describeThrown } from "../internal/describe-value.ts";
import { type OutputSchema, schemaVendor, standardProps } from "../request/output-schema.ts";
import { standardJsonSchemaInput } from "../request/to-json-schema.ts";
import type { JsonSchema } from "../request/wire-types.ts";
import { checkJsonSchema } from "./json-schema-validator.ts";

/** The dotted path of a Standard Schema issue: `items.0.name`. */
function issuePath(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? [])
    .map((segment) => String(typeof segment === "object" && segment !== null ? segment.key : segment))
    .join(".");
}

function mismatch(subject: string, path: string, problem: string): ChatwireError {
  const where = path === "" ? "" : ` at ${path}`;
  return newOutputError("schema_mismatch", `schema mismatch in ${subject}${where}: ${problem}`, path);
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === "function";

function validateStandard<T>(
  validate: (value: unknown) => unknown,
  vendor: string,
  value: unknown,
  subject: string,
): Result<T, ChatwireError> {
  const run = Result.fromThrowable(validate, describeThrown)(value);
  if (run.isErr()) {
    return err(newInvalidRequestError("schema", `(${vendor}) threw while validating: ${run.error}`));
  }
  if (isThenable(run.value)) {
    void Promise.resolve(run.value).catch(() => undefined);
    return err(
      newInvalidRequestError(
        "schema",
        `(${vendor}) validates asynchronously; chatwire needs a synchronous schema`,
      ),
    );
  }
  const result = run.value as StandardSchemaV1.Result<T>;
  if (result.issues === undefined) return ok(result.value);
  const issue = result.issues[0];
  return err(
    issue === undefined
      ? mismatch(subject, "", "invalid")
      : mismatch(subject, issuePath(issue), issue.message),
  );
}

function validateJson<T>(schema: JsonSchema, value: unknown, subject: string): Result<T, ChatwireError> {
  const checked = checkJsonSchema(schema, value);
  if (checked.isOk()) return ok(value as T);
  const failure = checked.error;
  return err(
    "broken" in failure
      ? newInvalidRequestError("schema", `is not a usable JSON Schema: ${failure.broken}`)
      : mismatch(subject, failure.path, failure.message),
  );
}

/**
 * Checks a value against a schema: a Standard Schema (valibot included) by its own `validate`, giving its
 * output; a plain JSON Schema (or a Standard JSON Schema that cannot validate) with a JSON Schema validator.
 * A mismatch is an `output` error with the path of the first one; a schema that throws, validates
 * asynchronously or is not a usable JSON Schema is an `invalid_request` error on `schema`. Never throws.
 *
 * @param subject what the value is, for messages: `the output`, `the arguments of get_weather`.
 */
export function validateValue<T>(
  schema: OutputSchema,
  value: unknown,
  subject: string,
): Result<T, ChatwireError> {
  const props = standardProps(schema);
  if (props === undefined) return validateJson<T>(schema as JsonSchema, value, subject);
  if (typeof props.validate === "function") {
    return validateStandard<T>(
      props.validate as (value: unknown) => unknown,
      schemaVendor(schema),
      value,
      subject,
    );
  }
  const converted =
    standardJsonSchemaInput(props) ??
    err("cannot validate: it has neither ~standard.validate nor ~standard.jsonSchema");
  if (converted.isErr())
    return err(newInvalidRequestError("schema", `(${schemaVendor(schema)}) ${converted.error}`));
  return validateJson<T>(converted.value, value, subject);
}
