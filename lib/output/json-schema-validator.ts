// The only module that imports @cfworker/json-schema: reached from validateValue's plain-JSON-Schema
// branch alone, so a bundle that never validates a plain JSON Schema leaves the validator out.
import { type OutputUnit, type Schema, type SchemaDraft, Validator } from "@cfworker/json-schema";
import { err, ok, Result } from "neverthrow";
import { describeThrown } from "../internal/describe-value.ts";
import type { JsonSchema } from "../request/wire-types.ts";

/** Where and why a value does not match a JSON Schema. */
export interface JsonSchemaMismatch {
  /** The dotted path of the deepest mismatch: `items.0.name`; empty for the value itself. */
  readonly path: string;
  readonly message: string;
}

/** Why a JSON Schema could not be used at all. */
export interface BrokenJsonSchema {
  readonly broken: string;
}

const validators = new WeakMap<JsonSchema, Validator>();

function draftOf(schema: JsonSchema): SchemaDraft {
  const declared = typeof schema.$schema === "string" ? schema.$schema : "";
  if (declared.includes("draft-04")) return "4";
  if (declared.includes("draft-07") || declared.includes("draft-06")) return "7";
  if (declared.includes("2019-09")) return "2019-09";
  return "2020-12";
}

function decodeSegment(segment: string): string {
  return Result.fromThrowable(decodeURIComponent, () => undefined)(segment).unwrapOr(segment);
}

/** `#/items/0/a~1b` → `items.0.a/b`. */
function toDottedPath(instanceLocation: string): string {
  return instanceLocation
    .replace(/^#\/?/, "")
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => decodeSegment(segment).replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

const missingProperty = /required property "(.*)"/;

/** The deepest unit of the first failing branch: the validator reports outer units first. */
function toMismatch(units: readonly OutputUnit[]): JsonSchemaMismatch {
  const unit = units.at(-1);
  if (unit === undefined) return { path: "", message: "the value does not match the schema" };
  const path = toDottedPath(unit.instanceLocation);
  // A missing property is reported at its parent; name the property itself, as valibot does.
  const missing = unit.keyword === "required" ? missingProperty.exec(unit.error)?.[1] : undefined;
  const fullPath = missing === undefined ? path : path === "" ? missing : `${path}.${missing}`;
  return { path: fullPath, message: unit.error };
}

const toBroken = (error: unknown): BrokenJsonSchema => ({
  broken: describeThrown(error),
});

// A function, not a module-level `Result.fromThrowable(...)` call: a bundler keeps top-level calls, and
// with them the validator, even in bundles that never validate a plain JSON Schema.
function compile(schema: JsonSchema): Result<Validator, BrokenJsonSchema> {
  return Result.fromThrowable(() => new Validator(schema as Schema, draftOf(schema), true), toBroken)();
}

/**
 * Checks a value against a plain JSON Schema (drafts 4, 7, 2019-09 and 2020-12, from `$schema`; 2020-12
 * when it says nothing). Compiled validators are kept per schema object. Never throws.
 */
export function checkJsonSchema(
  schema: JsonSchema,
  value: unknown,
): Result<true, JsonSchemaMismatch | BrokenJsonSchema> {
  const cached = validators.get(schema);
  const validator = cached === undefined ? compile(schema) : ok(cached);
  if (validator.isErr()) return err(validator.error);
  if (cached === undefined) validators.set(schema, validator.value);
  const run = Result.fromThrowable(() => validator.value.validate(value), toBroken)();
  if (run.isErr()) return err(run.error);
  return run.value.valid ? ok(true) : err(toMismatch(run.value.errors));
}
