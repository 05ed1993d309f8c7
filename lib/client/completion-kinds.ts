import { ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError, InvalidRequestError } from "../errors/chatwire-error.ts";
import { endpointPath } from "../providers/prepare-request.ts";
import type { ProviderEndpoint, WireBody } from "../providers/provider-preset.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { CompletionRequest } from "../request/completion-request.ts";
import type { RequestSettings } from "../request/request-settings.ts";
import { validateCompletionRequest } from "../request/validate-completion-request.ts";
import { validateRequest } from "../request/validate-request.ts";
import { chatCompletionSchema, type WireChatCompletion } from "../schema/chat-completion-schema.ts";
import { chunkSchema } from "../schema/chunk-schema.ts";
import type { WireSchema } from "../schema/shape-issue.ts";
import {
  textChunkSchema,
  textCompletionSchema,
  type WireTextCompletion,
} from "../schema/text-completion-schemas.ts";
import type { ChunkStream, CompletionChunk } from "../streaming/chunk-types.ts";
import { collectCompletionStream } from "../streaming/collect-completion-stream.ts";
import { collectStream } from "../streaming/collect-stream.ts";
import { openStream } from "../streaming/open-stream.ts";
import type { TextCompletionChunk } from "../streaming/text-chunk-types.ts";
import type { ResponseMeta } from "../timing/response-meta.ts";
import { fetchJson } from "../transport/fetch-json.ts";
import type { HttpCall } from "../transport/http-call.ts";
import { newCall } from "../transport/post-call.ts";
import type { Transport } from "../transport/transport.ts";
import type { ClientConfig } from "./client-config.ts";

/** A chat or a text completion request, as far as sending it goes. */
type SentRequest = RequestSettings & {
  readonly body: WireBody & { readonly model: string; readonly n?: number; readonly stream?: boolean };
};

/**
 * What tells chat completions and text completions apart: the request a kind takes (`Req`), the wire answer
 * it gives (`Res`) and its stream chunks (`Chunk`), how a request is checked, the provider endpoint it goes
 * to, and the schemas of its answer and chunks. Everything else is one code path, and a kind paired with
 * the wrong request does not compile.
 */
export interface CompletionKind<Req extends SentRequest, Res extends object, Chunk> {
  readonly endpoint: ProviderEndpoint;
  readonly validate: (request: Req) => Result<Req, InvalidRequestError>;
  /** The schema of a whole answer. */
  readonly schema: WireSchema<Res>;
  /** The answer, as error messages name it. */
  readonly what: string;
  /** The schema of its stream chunks (the wire part of `Chunk`). */
  readonly chunkSchema: WireSchema<object>;
  /** Assembles a stream of its chunks into the whole answer, with the stream's timing. */
  readonly collect: (stream: ChunkStream<Chunk>) => ResultAsync<Res & ResponseMeta, ChatwireError>;
}

/** Chat completions: `POST /chat/completions`. */
export const chatKind: CompletionKind<ChatCompletionRequest, WireChatCompletion, CompletionChunk> = {
  endpoint: "chat",
  validate: validateRequest,
  schema: chatCompletionSchema,
  what: "the chat completion response",
  chunkSchema,
  collect: collectStream,
};

/**
 * Text completions: `POST /completions`. Their streams go through the chat stream's machinery: the
 * iterator only reads `choices[].index` and `finish_reason`, which text chunks share with chat chunks, and
 * `textChunkSchema` checks the rest.
 */
export const textKind: CompletionKind<CompletionRequest, WireTextCompletion, TextCompletionChunk> = {
  endpoint: "completions",
  validate: validateCompletionRequest,
  schema: textCompletionSchema,
  what: "the text completion response",
  chunkSchema: textChunkSchema,
  collect: collectCompletionStream,
};

/** What every call of a client goes through: its configuration and its transport. */
export interface CallContext {
  readonly config: ClientConfig;
  readonly transport: Transport;
}

/**
 * Prepares a chat or text completion call: the request checked (with the client's default model) and
 * mapped for the client's provider, or the `invalid_request` error that stops it before the network.
 */
function prepareCall<Req extends SentRequest>(
  { config, transport }: CallContext,
  kind: Pick<CompletionKind<Req, object, unknown>, "endpoint" | "validate">,
  request: Req,
  isStream: boolean,
  signal: AbortSignal | undefined,
): Result<{ readonly call: HttpCall; readonly choices: number }, InvalidRequestError> {
  return kind.validate(config.completeRequest?.(request) ?? request).andThen((valid) =>
    (
      config.prepareBody?.(kind.endpoint, valid.body) ??
      ok({ path: endpointPath(kind.endpoint), body: valid.body })
    ).map(({ path, body }) => ({
      call: newCall(transport.config, valid, path, body, isStream, signal),
      choices: valid.body.n ?? 1,
    })),
  );
}

/** Sends a chat or text completion request without `stream` and gives the whole answer of its kind. */
function sendCompletion<Req extends SentRequest, Res extends object, Chunk>(
  context: CallContext,
  kind: CompletionKind<Req, Res, Chunk>,
  request: Req,
  signal: AbortSignal | undefined,
): ResultAsync<Res & ResponseMeta, ChatwireError> {
  return prepareCall(context, kind, request, false, signal).asyncAndThen(
    ({ call }) => new ResultAsync(fetchJson(context.transport, call, kind.schema, kind.what)),
  );
}

/** Sends a chat or text completion request with `stream: true` and gives the stream of its kind's chunks. */
export function openCompletionStream<Req extends SentRequest, Res extends object, Chunk>(
  context: CallContext,
  kind: CompletionKind<Req, Res, Chunk>,
  request: Req,
  signal: AbortSignal | undefined,
): ResultAsync<ChunkStream<Chunk>, ChatwireError> {
  return prepareCall(context, kind, request, true, signal).asyncAndThen(
    ({ call, choices }) =>
      new ResultAsync(openStream<Chunk>(context.transport, call, choices, kind.chunkSchema)),
  );
}

/**
 * Gives the whole answer of a chat or text completion request: a request marked for streaming (`stream:
 * true`) is streamed and collected, so the answer carries the stream's timing; any other is sent whole.
 */
export function answerCompletion<Req extends SentRequest, Res extends object, Chunk>(
  context: CallContext,
  kind: CompletionKind<Req, Res, Chunk>,
  request: Req,
  signal: AbortSignal | undefined,
): ResultAsync<Res & ResponseMeta, ChatwireError> {
  return request.body.stream === true
    ? openCompletionStream(context, kind, request, signal).andThen(kind.collect)
    : sendCompletion(context, kind, request, signal);
}
