import { validateValue } from "../output/validate-value.ts";
import type { InferOutput, OutputSchema } from "../request/output-schema.ts";
import { toWireJsonSchema } from "../request/to-json-schema.ts";
import { type ToolSchema, type TypedFunctionTool, toolSchemaKey } from "../request/tool-schema.ts";
import type { FunctionTool } from "../request/wire-types.ts";

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
  // From JavaScript `spec` may be missing: a tool without a name, which sending it reports.
  const { name = "", description, parameters, strict } = (spec ?? {}) as Partial<FunctionToolSpec<Name, S>>;
  const converted = toWireJsonSchema(parameters as S);
  const tool: FunctionTool = {
    type: "function",
    function: {
      name,
      ...(description === undefined ? {} : { description }),
      ...(converted.isOk() ? { parameters: converted.value } : {}),
      ...(strict === undefined ? {} : { strict }),
    },
  };
  const kept: ToolSchema<InferOutput<S>> = {
    schema: parameters as S,
    check: (value, subject) => validateValue<InferOutput<S>>(parameters as S, value, subject),
    problem: converted.isErr() ? `cannot be sent as JSON Schema: ${converted.error}` : undefined,
  };
  Object.defineProperty(tool, toolSchemaKey, { value: kept, enumerable: false });
  return tool as TypedFunctionTool<Name, InferOutput<S>>;
}
