import { errAsync, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { prepareBody, withDefaultModelOf } from "../providers/prepare-request.ts";
import { openStream } from "../streaming/open-stream.ts";
import { fetchJson } from "../transport/fetch-json.ts";
import { newPostCall } from "../transport/post-call.ts";
import type { Transport } from "../transport/transport.ts";
import { checkTextChunk } from "./check-text-chunk.ts";
import type { CompletionRequest } from "./completion-request.ts";
import { textCompletionSchema } from "./completion-schemas.ts";
import type { TextCompletionResponse, TextCompletionStream } from "./completion-types.ts";
import { validateCompletionRequest } from "./validate-completion-request.ts";

/** The validated, mapped body of a text completion and its path, or the first problem. */
function prepare(transport: Transport, request: CompletionRequest) {
  const config = transport.config;
  return validateCompletionRequest(withDefaultModelOf(config, request)).andThen((valid) =>
    prepareBody(config, "completions", valid.body).map((prepared) => ({ valid, ...prepared })),
  );
}

/** Sends a text completion request and waits for the whole answer (the body sent without `stream`). */
export function completion(
  transport: Transport,
  request: CompletionRequest,
  signal: AbortSignal | undefined,
): ResultAsync<TextCompletionResponse, ChatwireError> {
  const prepared = prepare(transport, request);
  if (prepared.isErr()) return errAsync(prepared.error);
  const { valid, path, body } = prepared.value;
  const call = newPostCall(transport.config, valid, path, body, false, signal);
  return new ResultAsync(fetchJson(transport, call, textCompletionSchema, "the text completion response"));
}

/** Sends a text completion request and streams the answer, with the chat stream's machinery. */
export function completionStream(
  transport: Transport,
  request: CompletionRequest,
  signal: AbortSignal | undefined,
): ResultAsync<TextCompletionStream, ChatwireError> {
  const prepared = prepare(transport, request);
  if (prepared.isErr()) return errAsync(prepared.error);
  const { valid, path, body } = prepared.value;
  const call = newPostCall(transport.config, valid, path, body, true, signal);
  const expectedChoices = typeof valid.body.n === "number" ? valid.body.n : 1;
  // The iterator only reads `choices[].index` and `finish_reason`, which text chunks share with chat
  // chunks; `checkTextChunk` checks the rest, so the stream is a stream of text completion chunks.
  return new ResultAsync(openStream(transport, call, expectedChoices, checkTextChunk)).map(
    (stream) => stream as unknown as TextCompletionStream,
  );
}
