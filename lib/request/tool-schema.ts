import type { Result } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { OutputSchema } from "./output-schema.ts";
import type { FunctionTool, JsonSchema } from "./wire-types.ts";

/**
 * The key under which a tool made by `newFunctionTool` keeps its schema. The property is symbol-keyed
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

/** A function tool in wire shape that also knows the type of its arguments. Made by `newFunctionTool`. */
export interface TypedFunctionTool<Name extends string = string, Args = unknown> extends FunctionTool {
  readonly function: {
    readonly name: Name;
    readonly description?: string;
    readonly parameters?: JsonSchema;
    readonly strict?: boolean;
  };
  readonly [toolSchemaKey]: ToolSchema<Args>;
}

/** The schema a tool keeps, when it was made by `newFunctionTool`. */
export function toolSchemaOf(tool: FunctionTool): ToolSchema<unknown> | undefined {
  // Tools reach options and parsers as the caller gave them, junk included: read without trusting.
  return typeof tool === "object" && tool !== null
    ? (tool as Partial<TypedFunctionTool>)[toolSchemaKey]
    : undefined;
}
