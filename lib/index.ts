/**
 * The public surface of chatwire: named exports grouped by folder, nothing internal.
 * @module chatwire
 */

// neverthrow's Result types and constructors, so that typing or composing chatwire's results needs no direct
// neverthrow install (chatwire depends on it).
export { err, errAsync, ok, okAsync, Result, ResultAsync } from "neverthrow";
export type { CallOptions, Client } from "./client/client.ts";
export type { ClientConfig, ClientOption } from "./client/client-config.ts";
export { defaultClientConfig } from "./client/client-config.ts";
export {
  withApiKey,
  withBaseUrl,
  withClientStreamTimeout,
  withClientTimeout,
  withClock,
  withDefaultModel,
  withFetch,
  withFirstByteTimeout,
  withHeaders,
  withHooks,
  withIdleTimeout,
  withKy,
  withMaxBodyBytes,
  withMaxEventBytes,
  withMaxRetries,
  withMaxRetryDelay,
} from "./client/client-options.ts";
export { newClient } from "./client/new-client.ts";
export { withProvider } from "./client/with-provider.ts";
export type { AttemptRecord } from "./errors/attempt-record.ts";
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
export type { Clock } from "./internal/clock.ts";
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
export { assistantMessage, assistantText } from "./messages/readers.ts";
export { parseOutput } from "./output/parse-output.ts";
export { closePartialJson } from "./output/partial-json.ts";
export type { FinalOutputEvent, OutputEvent, PartialOutputEvent } from "./output/stream-output.ts";
export { streamOutput } from "./output/stream-output.ts";
export { anthropic } from "./providers/anthropic.ts";
export type { AzureOpenAiOptions } from "./providers/azure-openai.ts";
export { azureOpenAi } from "./providers/azure-openai.ts";
export { deepseek } from "./providers/deepseek.ts";
export { fireworks } from "./providers/fireworks.ts";
export { gemini } from "./providers/gemini.ts";
export { groq } from "./providers/groq.ts";
export type { LlamaCppOptions } from "./providers/llama-cpp.ts";
export { llamaCpp } from "./providers/llama-cpp.ts";
export type { LmStudioOptions } from "./providers/lm-studio.ts";
export { lmStudio } from "./providers/lm-studio.ts";
export { mistral } from "./providers/mistral.ts";
export type { OllamaOptions } from "./providers/ollama.ts";
export { ollama } from "./providers/ollama.ts";
export type { OpenAiOptions } from "./providers/openai.ts";
export { openai } from "./providers/openai.ts";
export type { OpenRouterOptions } from "./providers/openrouter.ts";
export { openRouter } from "./providers/openrouter.ts";
export type {
  BodyMapping,
  ProviderEndpoint,
  ProviderPaths,
  ProviderPreset,
  WireBody,
} from "./providers/provider-preset.ts";
export type { TensorRtLlmOptions } from "./providers/tensorrt-llm.ts";
export { tensorRtLlm } from "./providers/tensorrt-llm.ts";
export { together } from "./providers/together.ts";
export type { VllmOptions } from "./providers/vllm.ts";
export { vllm } from "./providers/vllm.ts";
export { xai } from "./providers/xai.ts";
export type { ChatCompletionRequest, RequestOption } from "./request/chat-completion-request.ts";
export {
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
} from "./request/chat-completion-request.ts";
export type {
  CompletionBody,
  CompletionPrompt,
  CompletionRequest,
} from "./request/completion-request.ts";
export { newCompletionRequest } from "./request/completion-request.ts";
export {
  withExtraBody,
  withRetries,
  withStreaming,
  withStreamTimeout,
  withStreamUsage,
  withTimeout,
} from "./request/delivery-options.ts";
export type { DeepPartial, InferInput, InferOutput, OutputSchema } from "./request/output-schema.ts";
export type { RequestSettings } from "./request/request-settings.ts";
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
export type { ToolSchema, TypedFunctionTool } from "./request/tool-schema.ts";
export {
  withChatTemplateKwargs,
  withGuidedJson,
  withMinP,
  withPromptMode,
  withRandomSeed,
  withRepetitionPenalty,
  withSafePrompt,
  withTopK,
} from "./request/vendor-options.ts";
export type {
  ChatCompletionBody,
  FunctionTool,
  JsonSchema,
  JsonSchemaFormat,
  ResponseFormat,
  ToolChoice,
} from "./request/wire-types.ts";
export { withFallbackModels } from "./router/fallback-models.ts";
export type { MemoryStore, MemoryStoreOptions } from "./router/memory-store.ts";
export { newMemoryStore } from "./router/memory-store.ts";
export type { EndpointStatus, Router } from "./router/new-router.ts";
export { newRouter } from "./router/new-router.ts";
export type { RateLimiter, RateLimiterOptions, RateLimiterState } from "./router/rate-limiter.ts";
export { newRateLimiter, withRateLimiter } from "./router/rate-limiter.ts";
export type {
  RouteAttempt,
  Routed,
  RoutedChunk,
  RoutedStream,
  RouteError,
  RouteInfo,
  RouteMeta,
  StreamReceived,
} from "./router/route-types.ts";
export type {
  RouteBudget,
  RouteConfig,
  RouteOption,
  RouterConfig,
  RouterOption,
} from "./router/router-config.ts";
export {
  defaultRouterConfig,
  withBudget,
  withCooldown,
  withDefaultProvider,
  withRoute,
  withRouterClock,
  withRouterMaxRetryDelay,
  withRouterStore,
} from "./router/router-config.ts";
export type {
  Budget,
  RouterStore,
  StoreAnswer,
  StoreAttempt,
  StoreEjection,
  StoreRate,
} from "./router/router-store.ts";
export type { ResponseChoice, ResponseMessage, WireChatCompletion } from "./schema/chat-completion-schema.ts";
export { chatCompletionSchema } from "./schema/chat-completion-schema.ts";
export type { ChunkChoice, ChunkDelta, WireChunk } from "./schema/chunk-schema.ts";
export { chunkSchema } from "./schema/chunk-schema.ts";
export type { KnownFinishReason } from "./schema/finish-reasons.ts";
export { FinishReason } from "./schema/finish-reasons.ts";
export type { Model, WireModelList } from "./schema/model-list-schema.ts";
export { modelListSchema } from "./schema/model-list-schema.ts";
export type {
  TextCompletionChoice,
  TextCompletionChunkChoice,
  WireTextCompletion,
  WireTextCompletionChunk,
} from "./schema/text-completion-schemas.ts";
export { textChunkSchema, textCompletionSchema } from "./schema/text-completion-schemas.ts";
export type { ResponseToolCall, ToolCallDelta } from "./schema/tool-call-schemas.ts";
export type { Usage } from "./schema/usage-schema.ts";
export type {
  ChatCompletionStream,
  ChunkMeta,
  ChunkStream,
  CompletionChunk,
} from "./streaming/chunk-types.ts";
export type { CollectedTextCompletion } from "./streaming/collect-completion-stream.ts";
export { collectCompletionStream } from "./streaming/collect-completion-stream.ts";
export type { CollectedCompletion } from "./streaming/collect-stream.ts";
export { collectStream } from "./streaming/collect-stream.ts";
export { deltaMessage, deltaText } from "./streaming/delta-message.ts";
export type { StreamResult, StreamResultAsync } from "./streaming/stream-result.ts";
export type { StreamTiming } from "./streaming/stream-timing.ts";
export { streamTiming } from "./streaming/stream-timing.ts";
export type {
  TextCompletionChunk,
  TextCompletionResponse,
  TextCompletionStream,
} from "./streaming/text-chunk-types.ts";
export type { CallTiming } from "./timing/call-timing.ts";
export type { ChatCompletionResponse, ModelList, ResponseMeta } from "./timing/response-meta.ts";
export { serverTiming } from "./timing/server-timing.ts";
export type { ServerTiming, ServerTimingFormat } from "./timing/server-timing-types.ts";
export type { TimingBreakdown } from "./timing/timing-breakdown.ts";
export type { FunctionToolSpec } from "./tools/function-tool.ts";
export { newFunctionTool } from "./tools/function-tool.ts";
export type { ParsedToolCall, ToolCallLike, ToolCallOf, ToolsOf } from "./tools/parse-tool-call.ts";
export { parseToolCall } from "./tools/parse-tool-call.ts";
export type {
  ToolArgsOf,
  ToolContext,
  ToolHandler,
  ToolHandlers,
  ToolResult,
} from "./tools/run-tool-calls.ts";
export { runTools } from "./tools/run-tools.ts";
export type {
  ToolRunChunkEvent,
  ToolRunDoneEvent,
  ToolRunEvent,
  ToolRunResultsEvent,
} from "./tools/run-tools-stream.ts";
export { runToolsStream } from "./tools/run-tools-stream.ts";
export type { RunToolsOptions, ToolRun, ToolRunStep } from "./tools/tool-run.ts";
export type { FetchFunction } from "./transport/transport-config.ts";
