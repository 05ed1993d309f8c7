import { ResultAsync } from "neverthrow";
import { chatKind, postCompletion, textKind } from "../completions/completion-calls.ts";
import type { CompletionRequest } from "../completions/completion-request.ts";
import type { TextCompletionResponse, TextCompletionStream } from "../completions/completion-types.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newSecret } from "../internal/secret.ts";
import { modelsPath } from "../providers/prepare-request.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { ChatCompletionResponse, ModelList } from "../response/response-types.ts";
import { modelListSchema } from "../schema/wire-schemas.ts";
import type { ChatCompletionStream } from "../streaming/chunk-types.ts";
import { fetchJson } from "../transport/fetch-json.ts";
import { newCall } from "../transport/post-call.ts";
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
  /**
   * Sends a chat completion request and streams the answer: `Ok` once a 2xx response's headers arrive, an
   * `http` error (the server's body parsed) for any other status. The body is sent with `stream: true`
   * whatever the request says (`stream_options` as the request set it: see `withStreamUsage`). Retries
   * happen only before the stream opens; the request's timeout bounds the wait for the headers and each
   * gap between reads, never the whole stream. Never throws, never rejects; the stream never throws either
   * and ends with one chunk marked `isLastChunk`, carrying `error` if it failed.
   * Hint: `collectStream(stream)` assembles the whole response; `deltaMessage(chunk)` reads one chunk.
   * @example
   * ```ts
   * const opened = await client.chatCompletionStream(request, { signal });
   * if (opened.isOk()) {
   *   for await (const chunk of opened.value) {
   *     if (chunk.error !== undefined) console.error(chunk.error.message);
   *     else process.stdout.write(String(deltaMessage(chunk)?.content ?? ""));
   *   }
   * }
   * ```
   */
  readonly chatCompletionStream: (
    request: ChatCompletionRequest,
    options?: CallOptions,
  ) => ResultAsync<ChatCompletionStream, ChatwireError>;
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
  ) => ResultAsync<TextCompletionStream, ChatwireError>;
}

/** The global scope where there is an environment to read (Node, Bun, Deno with `process`). */
type WithEnvironment = { readonly process?: { readonly env?: Readonly<Record<string, string | undefined>> } };

function listModels(transport: Transport, options?: CallOptions): ResultAsync<ModelList, ChatwireError> {
  const call = newCall(transport.config, {}, modelsPath(transport.config), undefined, false, options?.signal);
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
  const transport = newTransport(config);
  // One code path sends both kinds of completion; each method only gives the answer its type.
  const client: Client = {
    chatCompletion: (request, callOptions) =>
      postCompletion(transport, chatKind, request, false, callOptions?.signal) as ResultAsync<
        ChatCompletionResponse,
        ChatwireError
      >,
    chatCompletionStream: (request, callOptions) =>
      postCompletion(transport, chatKind, request, true, callOptions?.signal) as ResultAsync<
        ChatCompletionStream,
        ChatwireError
      >,
    listModels: (callOptions) => listModels(transport, callOptions),
    completion: (request, callOptions) =>
      postCompletion(transport, textKind, request, false, callOptions?.signal) as ResultAsync<
        TextCompletionResponse,
        ChatwireError
      >,
    completionStream: (request, callOptions) =>
      postCompletion(transport, textKind, request, true, callOptions?.signal) as ResultAsync<
        TextCompletionStream,
        ChatwireError
      >,
  };
  return (config.decorate ?? []).reduce((inner, decorate) => decorate(inner, config), client);
}
