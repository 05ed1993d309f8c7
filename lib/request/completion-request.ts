import { newInvalidRequestError } from "../errors/new-errors.ts";
import { applyRequestOptions, type RequestOption } from "./chat-completion-request.ts";
import type { RequestSettings } from "./request-settings.ts";

/** What a text completion continues: text, several texts, token ids, or several lists of token ids. */
export type CompletionPrompt =
  | string
  | readonly string[]
  | readonly number[]
  | readonly (readonly number[])[];

/** The JSON body of `POST /completions`, exactly as sent; vendor fields sit next to the standard ones. */
export interface CompletionBody {
  readonly model: string;
  readonly prompt: CompletionPrompt;
  readonly max_tokens?: number;
  readonly temperature?: number;
  readonly top_p?: number;
  readonly n?: number;
  readonly stop?: string | readonly string[];
  readonly seed?: number;
  /** How many likeliest alternatives to return per token (an integer here, not chat's boolean). */
  readonly logprobs?: number;
  readonly echo?: boolean;
  readonly suffix?: string;
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage: boolean };
  readonly [vendorField: string]: unknown;
}

/** A text completion request: the wire body plus chatwire's per-request settings, never sent. */
export interface CompletionRequest extends RequestSettings {
  /** The JSON body sent to the server. */
  readonly body: CompletionBody;
}

const chatOnlyFields = ["tools", "tool_choice", "parallel_tool_calls"] as const;

/**
 * Creates a text completion request (`POST /completions`). It takes the same request options as a chat
 * request (`withMaxTokens`, `withTemperature`, `withStop`, `withTopK`, `withTimeout`, `withRetries`,
 * `withExtraBody`...); `withLogprobs(n)` is sent as `logprobs: n` (0 when no count is given), the integer
 * this endpoint takes. Tool options have no meaning here: sending such a request returns `invalid_request`.
 * Hint: `withExtraBody({ suffix, echo })` sets the fields only text completions have.
 * @example
 * ```ts
 * const request = newCompletionRequest("gpt-3.5-turbo-instruct", "Once upon a time", withMaxTokens(32));
 * ```
 */
export function newCompletionRequest(
  model: string,
  prompt: CompletionPrompt,
  ...options: readonly RequestOption[]
): CompletionRequest {
  // Chat options are functions of a chat request: they run on one without messages, whose body then
  // becomes the completion body, so that every sampling and delivery option works here too.
  const { body, ...settings } = applyRequestOptions({ body: { model, messages: [] } }, options);
  const { model: chosen, messages: _messages, logprobs, top_logprobs, ...fields } = body;
  const problems = [...(settings.problems ?? [])];
  for (const field of chatOnlyFields) {
    if (fields[field] !== undefined) {
      problems.push(
        newInvalidRequestError(field, "is a chat completion field; text completions have no tools"),
      );
    }
  }
  const wantsLogprobs = logprobs === true;
  const request: CompletionRequest = {
    ...settings,
    body: {
      model: chosen,
      prompt,
      ...fields,
      ...(wantsLogprobs ? { logprobs: typeof top_logprobs === "number" ? top_logprobs : 0 } : {}),
    },
  };
  return problems.length === 0 ? request : { ...request, problems };
}
