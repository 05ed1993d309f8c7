// The public surface of chatwire: named exports grouped by folder, nothing internal.

export type { ClientConfig, ClientOption, Clock, FetchFunction } from "./client/client-config.ts";
export { defaultClientConfig } from "./client/client-config.ts";
export {
  withApiKey,
  withBaseUrl,
  withClientTimeout,
  withClock,
  withFetch,
  withHeaders,
} from "./client/client-options.ts";
export type { CallOptions, Client } from "./client/new-client.ts";
export { newClient } from "./client/new-client.ts";

export type {
  AbortedError,
  ChatwireError,
  ChatwireErrorKind,
  DecodeError,
  HttpError,
  InvalidRequestError,
  NetworkError,
  OutputError,
  TimeoutError,
  TimeoutPhase,
} from "./errors/chatwire-error.ts";
export { isChatwireError } from "./errors/chatwire-error.ts";

export type {
  AudioFormat,
  AudioPart,
  ContentPart,
  ImageDetail,
  ImagePart,
  TextPart,
} from "./messages/content-parts.ts";
export { newAudioPart, newImagePart, newTextPart } from "./messages/content-parts.ts";
export type {
  AssistantMessage,
  ChatMessage,
  DeveloperMessage,
  SystemMessage,
  ToolCall,
  ToolMessage,
  UserMessage,
} from "./messages/messages.ts";
export {
  newAssistantMessage,
  newDeveloperMessage,
  newSystemMessage,
  newToolMessage,
  newUserMessage,
} from "./messages/messages.ts";

export type { ChatCompletionRequest, RequestOption } from "./request/chat-completion-request.ts";
export {
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
} from "./request/chat-completion-request.ts";
export { withExtraBody, withStreaming, withStreamUsage, withTimeout } from "./request/delivery-options.ts";
export type { JsonSchemaFormatOptions } from "./request/response-format-options.ts";
export {
  withResponseJsonObjectFormat,
  withResponseJsonSchema,
  withResponseTextFormat,
} from "./request/response-format-options.ts";
export {
  withFrequencyPenalty,
  withLogitBias,
  withLogprobs,
  withMaxCompletionTokens,
  withMaxTokens,
  withN,
  withPresencePenalty,
  withSeed,
  withStop,
  withTemperature,
  withTopP,
  withUser,
} from "./request/sampling-options.ts";
export { withParallelToolCalls, withToolChoice, withTools } from "./request/tool-options.ts";
export type {
  ChatCompletionBody,
  FunctionTool,
  JsonSchema,
  JsonSchemaFormat,
  ResponseFormat,
  ToolChoice,
} from "./request/wire-types.ts";

export type { KnownFinishReason } from "./response/finish-reasons.ts";
export { FinishReason } from "./response/finish-reasons.ts";
export { assistantMessage, assistantText } from "./response/readers.ts";
export type {
  AttemptRecord,
  ChatCompletionResponse,
  Model,
  ModelList,
  ResponseChoice,
  ResponseMessage,
  ResponseMeta,
  ResponseToolCall,
  Usage,
} from "./response/response-types.ts";
