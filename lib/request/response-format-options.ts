import { newInvalidRequestError } from "../errors/new-errors.ts";
import {
  addProblem,
  type ChatCompletionRequest,
  clearProblemsOn,
  type RequestOption,
  setBodyField,
} from "./chat-completion-request.ts";
import type { OutputSchema } from "./output-schema.ts";
import { toWireJsonSchema } from "./to-json-schema.ts";
import type { ResponseFormat } from "./wire-types.ts";

/**
 * Sets the response format, dropping any problem an earlier response-format option recorded: the last
 * one set wins, its problems included.
 */
function setResponseFormat(request: ChatCompletionRequest, format: ResponseFormat): ChatCompletionRequest {
  return setBodyField(clearProblemsOn(request, "response_format"), "response_format", format);
}

/**
 * Asks for plain text (the default of every server). Response formats are one field: the last set wins.
 * @example `withResponseTextFormat()`
 */
export function withResponseTextFormat(): RequestOption {
  return (request) => setResponseFormat(request, { type: "text" });
}

/**
 * Asks for any valid JSON object (JSON mode). Most servers also want the word "JSON" in the prompt.
 * @example `withResponseJsonObjectFormat()`
 */
export function withResponseJsonObjectFormat(): RequestOption {
  return (request) => setResponseFormat(request, { type: "json_object" });
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
 * Asks for JSON matching a schema (structured output). The schema is a plain JSON Schema object (sent as
 * is), a valibot schema (converted with `@valibot/to-json-schema`, target draft 2020-12) or a Standard
 * Schema that can give a JSON Schema (its input schema is sent: what the model must write). A schema that
 * cannot be sent faithfully — a valibot transform, check or date, a library without JSON Schema support —
 * does not throw here and is never sent looser than it is: sending the request returns `invalid_request`
 * on `response_format.json_schema.schema`, naming the construct. Response formats are one field: the last
 * set wins. Hint: read the answer with `parseOutput(response, schema)`, typed by the same schema; to send
 * the input side of a transforming valibot schema, pass `toStandardJsonSchema(schema)`.
 * @default name "response"; description and strict omitted (the server's default)
 * @example
 * ```ts
 * withResponseJsonSchema(v.object({ city: v.string() }), { name: "city", strict: true });
 * withResponseJsonSchema({ type: "object", properties: { city: { type: "string" } }, required: ["city"] });
 * ```
 */
export function withResponseJsonSchema(
  schema: OutputSchema,
  options: JsonSchemaFormatOptions = {},
): RequestOption {
  const converted = toWireJsonSchema(schema);
  return (request) => {
    if (converted.isErr()) {
      return addProblem(
        clearProblemsOn(request, "response_format"),
        newInvalidRequestError(
          "response_format.json_schema.schema",
          `cannot be sent as JSON Schema: ${converted.error}`,
        ),
      );
    }
    return setResponseFormat(request, {
      type: "json_schema",
      json_schema: {
        name: options.name ?? "response",
        ...(options.description === undefined ? {} : { description: options.description }),
        schema: converted.value,
        ...(options.strict === undefined ? {} : { strict: options.strict }),
      },
    });
  };
}
