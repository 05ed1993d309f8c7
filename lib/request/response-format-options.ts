import { type RequestOption, withBodyField } from "./chat-completion-request.ts";
import type { JsonSchema } from "./wire-types.ts";

/**
 * Asks for plain text (the default of every server). Response formats are one field: the last set wins.
 * @example `withResponseTextFormat()`
 */
export function withResponseTextFormat(): RequestOption {
  return (request) => withBodyField(request, "response_format", { type: "text" });
}

/**
 * Asks for any valid JSON object (JSON mode). Most servers also want the word "JSON" in the prompt.
 * @example `withResponseJsonObjectFormat()`
 */
export function withResponseJsonObjectFormat(): RequestOption {
  return (request) => withBodyField(request, "response_format", { type: "json_object" });
}

/** Settings of a JSON-schema response format. */
export interface JsonSchemaFormatOptions {
  /** The schema's name, as the server shows it to the model. @default "response" */
  readonly name?: string;
  readonly description?: string;
  /** Whether the server must follow the schema exactly (OpenAI structured outputs). Omitted: server default. */
  readonly strict?: boolean;
}

/**
 * Asks for JSON matching a schema (structured output).
 * @example
 * ```ts
 * withResponseJsonSchema({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }, { name: "city" });
 * ```
 */
export function withResponseJsonSchema(
  schema: JsonSchema,
  options: JsonSchemaFormatOptions = {},
): RequestOption {
  return (request) =>
    withBodyField(request, "response_format", {
      type: "json_schema",
      json_schema: {
        name: options.name ?? "response",
        ...(options.description === undefined ? {} : { description: options.description }),
        schema,
        ...(options.strict === undefined ? {} : { strict: options.strict }),
      },
    });
}
