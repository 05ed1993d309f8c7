import { errAsync, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newSecret } from "../internal/secret.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import { validateRequest } from "../request/validate-request.ts";
import type { ChatCompletionResponse, ModelList } from "../response/response-types.ts";
import { chatCompletionSchema, modelListSchema } from "../schema/wire-schemas.ts";
import { fetchJson } from "../transport/fetch-json.ts";
import type { HttpCall } from "../transport/open-response.ts";
import { newTransport, type Transport } from "../transport/transport.ts";
import { type ClientConfig, type ClientOption, defaultClientConfig } from "./client-config.ts";

/** Per-call settings that are not part of the request. */
export interface CallOptions {
  /** Aborts the call at any stage; the result is then an `aborted` error. */
  readonly signal?: AbortSignal;
}

/** A chatwire client: plain functions over one configured connection. Create it with {@link newClient}. */
export interface Client {
  /**
   * Sends a chat completion request and waits for the whole answer. The request is sent without `stream`,
   * whatever it says. Never throws, never rejects.
   * @example
   * ```ts
   * const result = await client.chatCompletion(newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]));
   * result.match((response) => console.log(assistantMessage(response)?.content), (error) => console.error(error.message));
   * ```
   */
  readonly chatCompletion: (
    request: ChatCompletionRequest,
    options?: CallOptions,
  ) => ResultAsync<ChatCompletionResponse, ChatwireError>;
  /** Lists the models the server offers (`GET /models`). Never throws, never rejects. */
  readonly listModels: (options?: CallOptions) => ResultAsync<ModelList, ChatwireError>;
}

/** The timeouts of one call: the request's own, else the client's finer ones, else the client's default. */
export function callTimeouts(
  config: ClientConfig,
  request: { readonly timeoutMs?: number } | undefined,
): Pick<HttpCall, "firstByteTimeoutMs" | "idleTimeoutMs"> & { readonly totalTimeoutMs: number } {
  const total = request?.timeoutMs ?? config.timeoutMs;
  return {
    totalTimeoutMs: total,
    firstByteTimeoutMs: request?.timeoutMs ?? config.firstByteTimeoutMs ?? total,
    idleTimeoutMs: request?.timeoutMs ?? config.idleTimeoutMs ?? total,
  };
}

/** The body of a non-streaming call: the request's body without the streaming fields. */
function nonStreamingBody(request: ChatCompletionRequest): string {
  const { stream: _stream, stream_options: _streamOptions, ...body } = request.body;
  return JSON.stringify(body);
}

function chatCompletion(
  transport: Transport,
  request: ChatCompletionRequest,
  options: CallOptions = {},
): ResultAsync<ChatCompletionResponse, ChatwireError> {
  const valid = validateRequest(request);
  if (valid.isErr()) return errAsync(valid.error);
  const call: HttpCall = {
    method: "POST",
    path: "chat/completions",
    body: nonStreamingBody(request),
    accept: "application/json",
    ...callTimeouts(transport.config, request),
    maxRetries: transport.config.maxRetries,
    signal: options.signal,
  };
  return new ResultAsync(fetchJson(transport, call, chatCompletionSchema, "the chat completion response"));
}

function listModels(transport: Transport, options: CallOptions = {}): ResultAsync<ModelList, ChatwireError> {
  const call: HttpCall = {
    method: "GET",
    path: "models",
    accept: "application/json",
    ...callTimeouts(transport.config, undefined),
    maxRetries: transport.config.maxRetries,
    signal: options.signal,
  };
  return new ResultAsync(fetchJson(transport, call, modelListSchema, "the model list"));
}

/** Reads the default API key from `OPENAI_API_KEY`, where there is an environment. */
function environmentApiKey(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const key = env?.OPENAI_API_KEY;
  return key === undefined || key === "" ? undefined : key;
}

/**
 * Creates a client. Defaults come from {@link defaultClientConfig} and `OPENAI_API_KEY` (read now, not at
 * import); options apply left to right. A bad option value (say, a base URL that is not http(s)) does not
 * throw here: every call then returns an `invalid_request` error.
 *
 * @example
 * ```ts
 * const client = newClient(withBaseUrl("http://localhost:8080/v1"), withApiKey("sk-..."), withClientTimeout(60_000));
 * ```
 */
export function newClient(...options: readonly ClientOption[]): Client {
  const envKey = environmentApiKey();
  let config: ClientConfig = {
    ...defaultClientConfig(),
    apiKey: envKey === undefined ? undefined : newSecret(envKey),
  };
  for (const option of options) config = option(config);
  const transport = newTransport(config);
  return {
    chatCompletion: (request, callOptions) => chatCompletion(transport, request, callOptions),
    listModels: (callOptions) => listModels(transport, callOptions),
  };
}
