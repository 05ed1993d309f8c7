import { toJsonSchema } from "@valibot/to-json-schema";
import { err, ok, Result } from "neverthrow";
import type { GenericSchema } from "valibot";
import { describeThrown } from "../internal/describe-value.ts";
import { isValibotSchema, type OutputSchema, schemaVendor, standardProps } from "./output-schema.ts";
import type { JsonSchema } from "./wire-types.ts";

// OpenAI's structured outputs and llama.cpp's grammar converter both read 2020-12 (`$defs`, `prefixItems`).
const target = "draft-2020-12";

const isJsonSchemaObject = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Runs a converter that may throw, and checks it gave an object. */
function convertWith(convert: () => unknown): Result<JsonSchema, string> {
  return Result.fromThrowable(convert, describeThrown)().andThen((converted) =>
    isJsonSchemaObject(converted) ? ok(converted) : err("the converter did not return a JSON Schema object"),
  );
}

/**
 * Gives the input JSON Schema of a Standard JSON Schema, or `undefined` when the schema is not one. Apart
 * from {@link toWireJsonSchema} so that validating never pulls in valibot's converter.
 */
export function standardJsonSchemaInput(
  props: Readonly<Record<string, unknown>>,
): Result<JsonSchema, string> | undefined {
  const converter = props.jsonSchema as { readonly input?: unknown } | undefined;
  if (typeof converter?.input !== "function") return undefined;
  const input = converter.input as (options: { readonly target: string }) => unknown;
  return convertWith(() => input({ target }));
}

/**
 * Gives the JSON Schema to send for a schema: a plain JSON Schema as is; a Standard JSON Schema's input
 * schema (what the model must write); a valibot schema converted by `@valibot/to-json-schema`, where any
 * construct JSON Schema cannot express (a transform, a check, a date) is an error naming it, never a
 * silently looser schema. Never throws.
 */
export function toWireJsonSchema(schema: OutputSchema): Result<JsonSchema, string> {
  const props = standardProps(schema);
  if (props === undefined) {
    return isJsonSchemaObject(schema) ? ok(schema) : err("is not a JSON Schema object");
  }
  const standard = standardJsonSchemaInput(props);
  if (standard !== undefined) return standard;
  if (isValibotSchema(schema)) {
    return convertWith(() => toJsonSchema(schema as GenericSchema, { target, errorMode: "throw" }));
  }
  const method =
    (schema as { toJSONSchema?: unknown; toJsonSchema?: unknown }).toJSONSchema ??
    (schema as { toJsonSchema?: unknown }).toJsonSchema;
  if (typeof method === "function") {
    return convertWith(() => (method as () => unknown).call(schema));
  }
  return err(
    `is a ${schemaVendor(schema)} schema that cannot give a JSON Schema (it implements neither Standard JSON Schema nor toJSONSchema())`,
  );
}
