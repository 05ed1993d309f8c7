import { err, ok, type Result } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError, newOutputError } from "../errors/new-errors.ts";
import { describeValue } from "../internal/describe-value.ts";
import { parseJson } from "../internal/json.ts";
import { assistantText } from "../messages/readers.ts";
import type { InferOutput, OutputSchema } from "../request/output-schema.ts";
import { FinishReason } from "../schema/finish-reasons.ts";
import type { ChatCompletionResponse } from "../timing/response-meta.ts";
import { validateValue } from "./validate-value.ts";

/** Why an answer has no usable text, in words, from its finish reason. */
function finishNote(finishReason: string | null | undefined): string {
  if (finishReason === FinishReason.length) return " (finish_reason is length: the answer was cut)";
  if (finishReason === FinishReason.contentFilter) return " (finish_reason is content_filter)";
  return "";
}

/** The text of the first choice, or why there is none: no choice, a refusal, tool calls, empty content. */
export function outputText(response: ChatCompletionResponse): Result<string, ChatwireError> {
  if (!Array.isArray((response as Partial<ChatCompletionResponse> | null)?.choices)) {
    const got = describeValue(response);
    return err(newInvalidRequestError("response", `must be a response from chatCompletion, got ${got}`));
  }
  const choice = response.choices[0];
  if (choice === undefined) return err(newOutputError("missing_content", "the response has no choices"));
  const { refusal, tool_calls: toolCalls } = choice.message;
  if (typeof refusal === "string" && refusal !== "") {
    return err(newOutputError("missing_content", `the model refused to answer: ${refusal}`));
  }
  const text = assistantText(response);
  if (text !== undefined && text.trim() !== "") return ok(text);
  const called =
    toolCalls !== undefined && toolCalls.length > 0
      ? ` (it called tools instead: ${toolCalls.map((call) => call.function.name).join(", ")})`
      : finishNote(choice.finish_reason);
  return err(newOutputError("missing_content", `the response has no content${called}`));
}

/** Parses an answer's text as JSON, saying when the answer was cut short. */
export function parseOutputJson(
  text: string,
  finishReason: string | null | undefined,
): Result<unknown, ChatwireError> {
  return parseJson(text).mapErr((error) =>
    newOutputError("not_json", `the output is not JSON: ${error.message}${finishNote(finishReason)}`),
  );
}

/**
 * Reads the JSON answer of a response's first choice and checks it against a schema. Works on the response
 * of `chatCompletion` and on the one `collectStream` builds. The result's type comes from the schema: a
 * valibot schema or Standard Schema gives its output type (transforms applied); a plain JSON Schema, or no
 * schema (JSON mode, `withResponseJsonObjectFormat`), gives `unknown`. Never throws.
 *
 * Errors are of kind `output`: `missing_content` (no choice, no text, a refusal — its text is in the
 * message — or tool calls instead of an answer), `not_json`, or `schema_mismatch` with the `path` of the
 * first mismatch. A schema that cannot validate synchronously gives `invalid_request` on `schema`.
 *
 * @example
 * ```ts
 * const City = v.object({ city: v.string(), temperature: v.number() });
 * const request = newChatCompletionRequest("gpt-4.1-nano", messages, withResponseJsonSchema(City, { name: "city" }));
 * const city = await client.chatCompletion(request).andThen((response) => parseOutput(response, City));
 * ```
 */
export function parseOutput(response: ChatCompletionResponse): Result<unknown, ChatwireError>;
export function parseOutput<S extends OutputSchema>(
  response: ChatCompletionResponse,
  schema: S,
): Result<InferOutput<S>, ChatwireError>;
export function parseOutput(
  response: ChatCompletionResponse,
  schema?: OutputSchema,
): Result<unknown, ChatwireError> {
  return outputText(response)
    .andThen((text) => parseOutputJson(text, response.choices[0]?.finish_reason))
    .andThen((json) => (schema === undefined ? ok(json) : validateValue(schema, json, "the output")));
}
