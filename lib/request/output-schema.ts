import type { StandardJSONSchemaV1, StandardSchemaV1, StandardTypedV1 } from "@standard-schema/spec";
import type { JsonSchema } from "./wire-types.ts";

/**
 * A schema chatwire can send and check: a plain JSON Schema object, a valibot schema, or any Standard Schema
 * (zod, arktype...) that can give a JSON Schema.
 */
export type OutputSchema = JsonSchema | StandardSchemaV1 | StandardJSONSchemaV1;

/**
 * The type of the value a schema gives back: the output type a valibot schema or Standard Schema
 * advertises, `unknown` for a plain JSON Schema.
 */
export type InferOutput<S> = S extends { readonly "~standard": { readonly types?: infer Types } }
  ? NonNullable<Types> extends StandardTypedV1.Types<unknown, infer Output>
    ? Output
    : unknown
  : unknown;

/** The type of the value a schema accepts (its input type); `unknown` for a plain JSON Schema. */
export type InferInput<S> = S extends { readonly "~standard": { readonly types?: infer Types } }
  ? NonNullable<Types> extends StandardTypedV1.Types<infer Input, unknown>
    ? Input
    : unknown
  : unknown;

/** A value still arriving: every property, element and nested property may be missing. */
export type DeepPartial<T> = T extends readonly (infer Item)[]
  ? DeepPartial<Item>[]
  : T extends object
    ? { [Key in keyof T]?: DeepPartial<T[Key]> }
    : T;

/** The `~standard` properties of a schema, when it has them. */
export function standardProps(schema: unknown): Readonly<Record<string, unknown>> | undefined {
  if ((typeof schema !== "object" && typeof schema !== "function") || schema === null) return undefined;
  const props = (schema as { readonly "~standard"?: unknown })["~standard"];
  return typeof props === "object" && props !== null
    ? (props as Readonly<Record<string, unknown>>)
    : undefined;
}

/** Tells whether a schema is a valibot schema (as opposed to a wrapper around one, or another library's). */
export function isValibotSchema(schema: unknown): boolean {
  return standardProps(schema)?.vendor === "valibot" && (schema as { kind?: unknown }).kind === "schema";
}

/** A readable name for a schema's library, for messages: `valibot`, `zod`, or `JSON Schema`. */
export function schemaVendor(schema: unknown): string {
  const vendor = standardProps(schema)?.vendor;
  return typeof vendor === "string" ? vendor : "JSON Schema";
}
