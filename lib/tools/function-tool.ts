import type { Result } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { InferOutput, OutputSchema } from "../output/output-schema.ts";
import { toWireJsonSchema } from "../output/to-json-schema.ts";
import { validateValue } from "../output/validate-value.ts";
import type { FunctionTool, JsonSchema } from "../request/wire-types.ts";

/**
 * The key under which a tool made by {@link newFunctionTool} keeps its schema. The property is symbol-keyed
 * and not enumerable, so `JSON.stringify` and object spread never carry it: the wire body holds only the
 * wire shape.
 */
export const toolSchemaKey: unique symbol = Symbol.for("chatwire.toolSchema");

/** What a typed tool keeps beside its wire shape. */
export interface ToolSchema<Args> {
  /** The schema the tool was made with. */
  readonly schema: OutputSchema;
  /** Checks parsed arguments against the schema, giving the schema's output. */
  readonly check: (value: unknown, subject: string) => Result<Args, ChatwireError>;
  /** Why the schema could not be sent, when it could not (reported when a request offering the tool is sent). */
  readonly problem: string | undefined;
}

/** A function tool in wire shape that also knows the type of its arguments. Made by {@link newFunctionTool}. */
export interface TypedFunctionTool<Name extends string = string, Args = unknown> extends FunctionTool {
  readonly function: {
    readonly name: Name;
    readonly description?: string;
    readonly parameters?: JsonSchema;
    readonly strict?: boolean;
  };
  readonly [toolSchemaKey]: ToolSchema<Args>;
}

/** What {@link newFunctionTool} needs. */
export interface FunctionToolSpec<Name extends string, S extends OutputSchema> {
  /** The name the model calls the tool by (OpenAI and Mistral accept `[A-Za-z0-9_-]`, at most 64). */
  readonly name: Name;
  /** What the tool does, for the model. */
  readonly description?: string;
  /** The arguments: a plain JSON Schema, a valibot schema or a Standard Schema that can give a JSON Schema. */
  readonly parameters: S;
  /** Whether the server must follow the schema exactly (OpenAI strict function calling). Omitted: server default. */
  readonly strict?: boolean;
}

/** The schema a tool keeps, when it was made by {@link newFunctionTool}. */
export function toolSchemaOf(tool: FunctionTool): ToolSchema<unknown> | undefined {
  // Tools reach options and parsers as the caller gave them, junk included: read without trusting.
  return typeof tool === "object" && tool !== null
    ? (tool as Partial<TypedFunctionTool>)[toolSchemaKey]
    : undefined;
}

/**
 * Creates a function tool from a schema. The tool is the wire object `{ type: "function", function: { name,
 * description?, parameters, strict? } }` (parameters converted as `withResponseJsonSchema` does) and keeps
 * its schema out of sight, so `parseToolCall` and `runTools` give arguments typed and checked by it. A schema
 * that cannot be sent faithfully does not throw here: sending a request that offers the tool returns
 * `invalid_request` on `tools.<index>.function.parameters`, naming the construct.
 * Hint: offer it with `withTools([tool])`; strict OpenAI tools want `v.strictObject` (no extra properties).
 * @example
 * ```ts
 * const getWeather = newFunctionTool({
 *   name: "get_weather",
 *   description: "Gets the current weather of a city",
 *   parameters: v.object({ city: v.string(), unit: v.picklist(["c", "f"]) }),
 * });
 * ```
 */
export function newFunctionTool<const Name extends string, S extends OutputSchema>(
  spec: FunctionToolSpec<Name, S>,
): TypedFunctionTool<Name, InferOutput<S>> {
  const converted = toWireJsonSchema(spec.parameters);
  const tool: FunctionTool = {
    type: "function",
    function: {
      name: spec.name,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(converted.isOk() ? { parameters: converted.value } : {}),
      ...(spec.strict === undefined ? {} : { strict: spec.strict }),
    },
  };
  const kept: ToolSchema<InferOutput<S>> = {
    schema: spec.parameters,
    check: (value, subject) => validateValue<InferOutput<S>>(spec.parameters, value, subject),
    problem: converted.isErr() ? `cannot be sent as JSON Schema: ${converted.error}` : undefined,
  };
  Object.defineProperty(tool, toolSchemaKey, { value: kept, enumerable: false });
  return tool as TypedFunctionTool<Name, InferOutput<S>>;
}
