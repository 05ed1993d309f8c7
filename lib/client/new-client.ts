import { ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newSecret } from "../internal/secret.ts";
import { modelsPath } from "../providers/prepare-request.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { CompletionRequest } from "../request/completion-request.ts";
import { modelListSchema } from "../schema/model-list-schema.ts";
import type { ChatCompletionStream, CompletionChunk } from "../streaming/chunk-types.ts";
import { collectCompletionStream } from "../streaming/collect-completion-stream.ts";
import { collectStream } from "../streaming/collect-stream.ts";
import { type StreamResultAsync, toStreamResult } from "../streaming/stream-result.ts";
import type {
  TextCompletionChunk,
  TextCompletionResponse,
  TextCompletionStream,
} from "../streaming/text-chunk-types.ts";
import type { ChatCompletionResponse, ModelList } from "../timing/response-meta.ts";
import { fetchJson } from "../transport/fetch-json.ts";
import { newCall } from "../transport/post-call.ts";
import { newTransport, type Transport } from "../transport/transport.ts";
import { missingApiKeyProblem } from "./api-key-check.ts";
import { type ClientConfig, type ClientOption, defaultClientConfig } from "./client-config.ts";
import {
  type CallContext,
  chatKind,
  openCompletionStream,
  sendCompletion,
  textKind,
} from "./completion-kinds.ts";

/** Per-call settings that are not part of the request. */
export interface CallOptions {
  /** Aborts the call at any stage; the result is then an `aborted` error. */
  readonly signal?: AbortSignal;
}

/** A chatwire client: plain functions over one configured connection. Create it with {@link newClient}. */
export interface Client {
  /**
   * Sends a chat completion request and waits for the whole answer. A request marked for streaming
   * (`newChatCompletionStreamRequest`, `withStreaming`) is streamed under the hood and collected: the
   * answer then carries the stream's timing (time to first token, gaps between chunks). Never throws,
   * never rejects.
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
  /**
   * Sends a chat completion request and streams the answer: `Ok` once a 2xx response's headers arrive, an
   * `http` error (the server's body parsed) for any other status. The body is sent with `stream: true`
   * whatever the request says (`stream_options` as the request set it: see `withStreamUsage`). Retries
   * happen only before the stream opens; the request's timeout bounds the wait for the headers and each
   * gap between reads, and the whole stream only when asked (`withStreamTimeout`, `withClientStreamTimeout`).
   * Never throws, never rejects; the stream never throws either and ends with one chunk marked
   * `isLastChunk`, carrying `error` if it failed. The awaited Result can be iterated as the stream itself: a
   * stream that did not open then yields one chunk carrying the error.
   * Hint: `collectStream(stream)` assembles the whole response; `deltaMessage(chunk)` reads one chunk.
   * @example
   * ```ts
   * for await (const chunk of await client.chatCompletionStream(request, { signal })) {
   *   if (chunk.error !== undefined) console.error(chunk.error.message);
   *   else process.stdout.write(deltaText(chunk));
   * }
   * ```
   */
  readonly chatCompletionStream: (
    request: ChatCompletionRequest,
    options?: CallOptions,
  ) => StreamResultAsync<ChatCompletionStream, CompletionChunk>;
  /**
   * Lists the models the server offers (`GET /models`; Azure: `GET /openai/models`). Never throws, never
   * rejects.
   */
  readonly listModels: (options?: CallOptions) => ResultAsync<ModelList, ChatwireError>;
  /**
   * Sends a text completion request (`POST /completions`, made with `newCompletionRequest`) and waits for
   * the whole answer, with the Result, latency and attempt reporting of `chatCompletion`.
   */
  readonly completion: (
    request: CompletionRequest,
    options?: CallOptions,
  ) => ResultAsync<TextCompletionResponse, ChatwireError>;
  /**
   * Sends a text completion request and streams the answer, with the semantics of `chatCompletionStream`:
   * chunks carry `text` deltas plus `chunkLatencyMs`, `totalLatencyMs`, `isLastChunk` and, on a failed
   * stream's last chunk, `error`. Hint: `collectCompletionStream(stream)` assembles the whole answer.
   */
  readonly completionStream: (
    request: CompletionRequest,
    options?: CallOptions,
  ) => StreamResultAsync<TextCompletionStream, TextCompletionChunk>;
}

/** The global scope where there is an environment to read (Node, Bun, Deno with `process`). */
type WithEnvironment = { readonly process?: { readonly env?: Readonly<Record<string, string | undefined>> } };

function listModels(
  transport: Transport,
  config: ClientConfig,
  options?: CallOptions,
): ResultAsync<ModelList, ChatwireError> {
  const call = newCall(transport.config, {}, modelsPath(config.provider), undefined, false, options?.signal);
  return new ResultAsync(fetchJson(transport, call, modelListSchema, "the model list"));
}

/**
 * Creates a client. Defaults come from {@link defaultClientConfig}; options apply left to right. Without
 * `withApiKey`, the key is read now (not at import) from `OPENAI_API_KEY`, or from the variable of the
 * provider set with `withProvider` (`MISTRAL_API_KEY`...; none for local servers). A bad option value (say,
 * a base URL that is not http(s)) does not throw here: every call then returns an `invalid_request` error.
 *
 * @example
 * ```ts
 * const client = newClient(withBaseUrl("http://localhost:8080/v1"), withApiKey("sk-..."), withClientTimeout(60_000));
 * ```
 */
export function newClient(...options: readonly ClientOption[]): Client {
  let config: ClientConfig = defaultClientConfig();
  for (const option of options) config = option(config);
  // Read after the options, so that a provider's key never goes to another provider's server.
  const keyName = config.provider === undefined ? "OPENAI_API_KEY" : config.provider.apiKeyEnv;
  if (config.apiKey === undefined && keyName !== undefined) {
    const envKey = (globalThis as WithEnvironment).process?.env?.[keyName];
    // An empty variable is no key.
    if (envKey) config = { ...config, apiKey: newSecret(envKey) };
  }
  const { provider } = config;
  const built = newTransport({
    ...config,
    ...(provider?.apiKeyHeader === undefined ? {} : { apiKeyHeader: provider.apiKeyHeader }),
    ...(provider?.query === undefined ? {} : { query: provider.query }),
  });
  const context: CallContext = {
    config,
    transport: { ...built, problem: built.problem ?? missingApiKeyProblem(config) },
  };
  // One code path sends both kinds of completion; the kind gives each method its types.
  return {
    chatCompletion: (request, callOptions) =>
      request.body.stream === true
        ? openCompletionStream(context, chatKind, request, callOptions?.signal).andThen(collectStream)
        : sendCompletion(context, chatKind, request, callOptions?.signal),
    chatCompletionStream: (request, callOptions) =>
      toStreamResult(openCompletionStream(context, chatKind, request, callOptions?.signal)),
    listModels: (callOptions) => listModels(context.transport, config, callOptions),
    completion: (request, callOptions) =>
      request.body.stream === true
        ? openCompletionStream(context, textKind, request, callOptions?.signal).andThen(
            collectCompletionStream,
          )
        : sendCompletion(context, textKind, request, callOptions?.signal),
    completionStream: (request, callOptions) =>
      toStreamResult(openCompletionStream(context, textKind, request, callOptions?.signal)),
  };
}
