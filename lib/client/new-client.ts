import { errAsync, ResultAsync } from "neverthrow";
import { applyOptions } from "../errors/apply-options.ts";
import type { ChatwireError, InvalidRequestError } from "../errors/chatwire-error.ts";
import { newSecret } from "../internal/secret.ts";
import { modelsPath } from "../providers/prepare-request.ts";
import { modelListSchema } from "../schema/model-list-schema.ts";
import { toStreamResult } from "../streaming/stream-result.ts";
import type { ModelList } from "../timing/response-meta.ts";
import { fetchJson } from "../transport/fetch-json.ts";
import { newCall } from "../transport/post-call.ts";
import { newTransport, type Transport } from "../transport/transport.ts";
import { missingApiKeyProblem } from "./api-key-check.ts";
import { callOptionsProblem, callProblem } from "./call-problem.ts";
import type { CallOptions, Client } from "./client.ts";
import { type ClientConfig, type ClientOption, defaultClientConfig } from "./client-config.ts";
import {
  answerCompletion,
  type CallContext,
  chatKind,
  openCompletionStream,
  textKind,
} from "./completion-kinds.ts";

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
  const { applied, problem: optionProblem } = applyOptions(defaultClientConfig(), options);
  let config = applied;
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
    transport: { ...built, problem: optionProblem ?? built.problem ?? missingApiKeyProblem(config) },
  };
  // One code path sends both kinds of completion; the kind gives each method its types.
  const client: Client = {
    chatCompletion: (request, callOptions) =>
      answerCompletion(context, chatKind, request, callOptions?.signal),
    chatCompletionStream: (request, callOptions) =>
      toStreamResult(openCompletionStream(context, chatKind, request, callOptions?.signal)),
    listModels: (callOptions) => listModels(context.transport, config, callOptions),
    completion: (request, callOptions) => answerCompletion(context, textKind, request, callOptions?.signal),
    completionStream: (request, callOptions) =>
      toStreamResult(openCompletionStream(context, textKind, request, callOptions?.signal)),
  };
  const decorated = (config.decorate ?? []).reduce((inner, decorate) => decorate(inner, config), client);
  return checkedClient(decorated);
}

const refused = (problem: InvalidRequestError | undefined) =>
  problem === undefined ? undefined : errAsync<never, ChatwireError>(problem);

/**
 * The client that callers hold: each call's arguments are checked before the client (or a decorator of it)
 * reads them ({@link callProblem}), and whatever a decorator returns, the awaited result of opening a stream
 * still iterates as the stream.
 */
function checkedClient(inner: Client): Client {
  const chat = "newChatCompletionRequest";
  const text = "newCompletionRequest";
  return {
    ...inner,
    chatCompletion: (request, callOptions) =>
      refused(callProblem(request, callOptions, chat)) ?? inner.chatCompletion(request, callOptions),
    chatCompletionStream: (request, callOptions) =>
      toStreamResult(
        refused(callProblem(request, callOptions, chat)) ?? inner.chatCompletionStream(request, callOptions),
      ),
    listModels: (callOptions) => refused(callOptionsProblem(callOptions)) ?? inner.listModels(callOptions),
    completion: (request, callOptions) =>
      refused(callProblem(request, callOptions, text)) ?? inner.completion(request, callOptions),
    completionStream: (request, callOptions) =>
      toStreamResult(
        refused(callProblem(request, callOptions, text)) ?? inner.completionStream(request, callOptions),
      ),
  };
}
