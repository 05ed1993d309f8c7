import { errAsync, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError, InvalidRequestError } from "../errors/chatwire-error.ts";
import { endpointPath } from "../providers/prepare-request.ts";
import type { ProviderEndpoint, WireBody } from "../providers/provider-preset.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { RequestSettings } from "../request/request-settings.ts";
import { validateRequest } from "../request/validate-request.ts";
import { chatCompletionSchema } from "../schema/chat-completion-schema.ts";
import type { WireSchema } from "../schema/shape-issue.ts";
import { textChunkSchema, textCompletionSchema } from "../schema/text-completion-schemas.ts";
import type { ChunkSource } from "../streaming/chunk-stream.ts";
import { openStream } from "../streaming/open-stream.ts";
import { fetchJson } from "../transport/fetch-json.ts";
import { newCall } from "../transport/post-call.ts";
import type { Transport } from "../transport/transport.ts";
import type { CompletionRequest } from "./completion-request.ts";
import { validateCompletionRequest } from "./validate-completion-request.ts";

/** A chat or a text completion request, as far as sending it goes. */
type SentRequest = RequestSettings & {
  readonly body: WireBody & { readonly model: string; readonly n?: number };
};

/**
 * What tells chat completions and text completions apart when sending them: how a request is checked,
 * the provider endpoint it goes to, and how the answer is checked. Everything else is one code path.
 */
export interface CompletionKind<R extends SentRequest> {
  readonly endpoint: ProviderEndpoint;
  readonly validate: (request: R) => Result<R, InvalidRequestError>;
  /** The schema of a whole answer. */
  readonly schema: WireSchema<object>;
  /** The answer, as error messages name it. */
  readonly what: string;
  /** The schema of its stream chunks; `chunkSchema` (chat chunks) when unset. */
  readonly chunkSchema?: ChunkSource["schema"];
}

/** Chat completions: `POST /chat/completions`. */
export const chatKind: CompletionKind<ChatCompletionRequest> = {
  endpoint: "chat",
  validate: validateRequest,
  schema: chatCompletionSchema,
  what: "the chat completion response",
};

/**
 * Text completions: `POST /completions`. Their streams go through the chat stream's machinery: the
 * iterator only reads `choices[].index` and `finish_reason`, which text chunks share with chat chunks, and
 * `textChunkSchema` checks the rest.
 */
export const textKind: CompletionKind<CompletionRequest> = {
  endpoint: "completions",
  validate: validateCompletionRequest,
  schema: textCompletionSchema,
  what: "the text completion response",
  chunkSchema: textChunkSchema,
};

/**
 * Sends a chat or text completion request: checked (with the client's default model) and mapped for the
 * client's provider, then sent without `stream` and answered whole, or streamed (`isStream`). The caller
 * gives the answer its type: a response of `kind`, or a stream of its chunks.
 */
export function postCompletion<R extends SentRequest>(
  transport: Transport,
  kind: CompletionKind<R>,
  request: R,
  isStream: boolean,
  signal: AbortSignal | undefined,
): ResultAsync<unknown, ChatwireError> {
  const { config } = transport;
  const checked = kind.validate(config.completeRequest?.(request) ?? request);
  if (checked.isErr()) return errAsync(checked.error);
  const valid = checked.value;
  const prepared =
    config.prepareBody?.(kind.endpoint, valid.body) ??
    ok({ path: endpointPath(kind.endpoint), body: valid.body });
  if (prepared.isErr()) return errAsync(prepared.error);
  const { path, body } = prepared.value;
  const call = newCall(config, valid, path, body, isStream, signal);
  return new ResultAsync<unknown, ChatwireError>(
    isStream
      ? openStream(transport, call, valid.body.n ?? 1, kind.chunkSchema)
      : fetchJson(transport, call, kind.schema, kind.what),
  );
}
