import type { ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { CompletionRequest } from "../request/completion-request.ts";
import type { ChatCompletionStream, CompletionChunk } from "../streaming/chunk-types.ts";
import type { StreamResultAsync } from "../streaming/stream-result.ts";
import type {
  TextCompletionChunk,
  TextCompletionResponse,
  TextCompletionStream,
} from "../streaming/text-chunk-types.ts";
import type { ChatCompletionResponse, ModelList } from "../timing/response-meta.ts";

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
