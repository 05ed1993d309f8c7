import { applyOptions } from "../errors/apply-options.ts";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import type { ChatMessage } from "../messages/messages.ts";
import type { RequestSettings } from "./request-settings.ts";
import type { ChatCompletionBody } from "./wire-types.ts";

/**
 * A chat completion request: the wire body plus chatwire's own per-request settings, which are never sent.
 * Plain data: build it with {@link newChatCompletionRequest} and the `with…` request options.
 */
export interface ChatCompletionRequest extends RequestSettings {
  /** The JSON body sent to the server. */
  readonly body: ChatCompletionBody;
}

/**
 * A request option: a pure function from one request to a new one. Options apply left to right; the last
 * write to a field wins unless the option says it adds.
 */
export type RequestOption = (request: ChatCompletionRequest) => ChatCompletionRequest;

/** Returns a request whose body has one more field set. */
export function setBodyField<K extends keyof ChatCompletionBody>(
  request: ChatCompletionRequest,
  key: K,
  value: ChatCompletionBody[K],
): ChatCompletionRequest {
  return { ...request, body: { ...request.body, [key]: value } };
}

/** Records a problem found by an option, reported as `invalid_request` when the request is sent. */
export function addProblem(
  request: ChatCompletionRequest,
  problem: InvalidRequestError,
): ChatCompletionRequest {
  return { ...request, problems: [...(request.problems ?? []), problem] };
}

/** Drops the problems recorded on a field and the fields below it. */
export function clearProblemsOn(request: ChatCompletionRequest, field: string): ChatCompletionRequest {
  const { problems, ...rest } = request;
  const kept = (problems ?? []).filter(
    (problem) => problem.field !== field && !problem.field.startsWith(`${field}.`),
  );
  return kept.length === 0 ? rest : { ...rest, problems: kept };
}

/**
 * Applies request options left to right; one that is not an option, or that throws, is recorded as a
 * problem on `options.N`, reported as `invalid_request` when the request is sent.
 */
export function applyRequestOptions(
  request: ChatCompletionRequest,
  options: readonly RequestOption[],
): ChatCompletionRequest {
  const { applied, problem } = applyOptions(request, options);
  return problem === undefined ? applied : addProblem(applied, problem);
}

/** Rules that couple options, applied once after all of them so their order does not matter. */
function applyCouplings(request: ChatCompletionRequest): ChatCompletionRequest {
  const { tools, tool_choice } = request.body;
  if (tools !== undefined && tools.length > 0 && tool_choice === undefined) {
    return setBodyField(request, "tool_choice", "auto");
  }
  return request;
}

/**
 * Creates a chat completion request. Out-of-range values are not thrown here: sending the request returns
 * an `invalid_request` error naming the field, before any network call.
 *
 * @param model the model name, as the server knows it.
 * @param messages the conversation so far.
 * @param options request options, applied left to right.
 * @example
 * ```ts
 * const request = newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hello!")], withMaxTokens(64));
 * ```
 */
export function newChatCompletionRequest(
  model: string,
  messages: readonly ChatMessage[],
  ...options: readonly RequestOption[]
): ChatCompletionRequest {
  return applyCouplings(applyRequestOptions({ body: { model, messages } }, options));
}

/**
 * Creates a streaming chat completion request: the same as {@link newChatCompletionRequest} with `stream: true`.
 * `client.chatCompletion(request)` streams it under the hood and returns the collected answer with the
 * stream's timing; `client.chatCompletionStream(request)` hands over each chunk.
 */
export function newChatCompletionStreamRequest(
  model: string,
  messages: readonly ChatMessage[],
  ...options: readonly RequestOption[]
): ChatCompletionRequest {
  return newChatCompletionRequest(
    model,
    messages,
    (request) => setBodyField(request, "stream", true),
    ...options,
  );
}
