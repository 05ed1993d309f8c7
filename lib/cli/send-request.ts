import {
  type ChatCompletionRequest,
  type Client,
  type ClientOption,
  newChatCompletionRequest,
  newClient,
  type RequestOption,
  withApiKey,
  withBaseUrl,
  withExtraBody,
  withMaxRetries,
  withMaxTokens,
  withProvider,
  withStreamUsage,
  withTimeout,
} from "../index.ts";
import { newSeededRandom } from "../internal/seeded-random.ts";
import type { BenchOptions } from "./args.ts";
import { type Prompt, syntheticPrompt } from "./prompts.ts";
import { providerPresets } from "./providers.ts";
import { failedSample, measureStream, type RequestSample } from "./request-sample.ts";

/** Builds each request of the run: the next prompt with the run's request options. */
export function newRequestSource(
  options: BenchOptions,
  prompts: readonly Prompt[] | undefined,
): () => ChatCompletionRequest {
  const random = newSeededRandom(options.seed);
  const requestOptions: RequestOption[] = [
    withMaxTokens(options.outputTokens),
    withStreamUsage(),
    withTimeout(options.timeoutMs),
    ...(options.ignoreEos ? [withExtraBody({ ignore_eos: true })] : []),
  ];
  let sent = 0;
  return (): ChatCompletionRequest => {
    const prompt =
      prompts === undefined
        ? syntheticPrompt(random, options.inputTokens)
        : (prompts[sent % prompts.length] as Prompt);
    sent++;
    return newChatCompletionRequest(options.model, prompt, ...requestOptions);
  };
}

/** Sends one streamed request and measures it. Never rejects. */
export async function sendRequest(
  client: Client,
  request: ChatCompletionRequest,
  context: { readonly level: string; readonly index: number; readonly levelStartMs: number },
  now: () => number,
  signal: AbortSignal,
): Promise<RequestSample> {
  const startMs = now() - context.levelStartMs;
  const at = () => ({
    level: context.level,
    index: context.index,
    startMs,
    endMs: now() - context.levelStartMs,
  });
  const opened = await client.chatCompletionStream(request, { signal });
  if (opened.isErr()) {
    const attempts = "attempts" in opened.error ? (opened.error.attempts?.length ?? 1) : 0;
    return failedSample(at(), opened.error, attempts);
  }
  return measureStream(opened.value, at);
}

/** The client of the run: the preset, base URL and key asked for, no retries unless asked, then `extra`. */
export function newBenchClient(options: BenchOptions, extra: readonly ClientOption[]): Client {
  const preset = options.provider === undefined ? undefined : providerPresets[options.provider];
  return newClient(
    ...(preset === undefined ? [] : [withProvider(preset())]),
    ...(options.baseUrl === undefined ? [] : [withBaseUrl(options.baseUrl)]),
    ...(options.apiKey === undefined ? [] : [withApiKey(options.apiKey)]),
    withMaxRetries(options.maxRetries),
    ...extra,
  );
}
