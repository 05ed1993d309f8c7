import { type RequestOption, setBodyField } from "./chat-completion-request.ts";

/**
 * Caps the tokens generated, sent as `max_tokens` (the name every compatible server accepts).
 * Hint: OpenAI's reasoning models want {@link withMaxCompletionTokens} instead.
 * @example `withMaxTokens(256)`
 */
export function withMaxTokens(maxTokens: number): RequestOption {
  return (request) => setBodyField(request, "max_tokens", maxTokens);
}

/**
 * Caps the tokens generated, reasoning included, sent as OpenAI's newer `max_completion_tokens`.
 * @example `withMaxCompletionTokens(1024)`
 */
export function withMaxCompletionTokens(maxTokens: number): RequestOption {
  return (request) => setBodyField(request, "max_completion_tokens", maxTokens);
}

/**
 * Sets the sampling temperature, from 0 (greedy) to 2. `0` is sent, not dropped.
 * @example `withTemperature(0)`
 */
export function withTemperature(temperature: number): RequestOption {
  return (request) => setBodyField(request, "temperature", temperature);
}

/**
 * Sets nucleus sampling's probability mass, from 0 to 1.
 * @example `withTopP(0.9)`
 */
export function withTopP(topP: number): RequestOption {
  return (request) => setBodyField(request, "top_p", topP);
}

/**
 * Asks for `n` choices (at least 1).
 * @example `withN(3)`
 */
export function withN(n: number): RequestOption {
  return (request) => setBodyField(request, "n", n);
}

/**
 * Sets one stop sequence or several; generation ends before any of them.
 * @example `withStop(["\n\n", "END"])`
 */
export function withStop(stop: string | readonly string[]): RequestOption {
  return (request) => setBodyField(request, "stop", stop);
}

/**
 * Sets the sampling seed, for repeatable answers where the server supports it. `0` is sent, not dropped.
 * @example `withSeed(42)`
 */
export function withSeed(seed: number): RequestOption {
  return (request) => setBodyField(request, "seed", seed);
}

/**
 * Penalises tokens by how often they already appeared, from -2 to 2.
 * @example `withFrequencyPenalty(0.5)`
 */
export function withFrequencyPenalty(penalty: number): RequestOption {
  return (request) => setBodyField(request, "frequency_penalty", penalty);
}

/**
 * Penalises tokens that already appeared at all, from -2 to 2.
 * @example `withPresencePenalty(0.5)`
 */
export function withPresencePenalty(penalty: number): RequestOption {
  return (request) => setBodyField(request, "presence_penalty", penalty);
}

/**
 * Biases token ids up or down (-100 to 100), keyed by token id.
 * @example `withLogitBias({ "50256": -100 })`
 */
export function withLogitBias(bias: Readonly<Record<string, number>>): RequestOption {
  return (request) => setBodyField(request, "logit_bias", bias);
}

/**
 * Asks for the log probabilities of the output tokens, and of the `topLogprobs` likeliest alternatives
 * (0 to 20) when given.
 * @example `withLogprobs(3)`
 */
export function withLogprobs(topLogprobs?: number): RequestOption {
  return (request) => {
    const withFlag = setBodyField(request, "logprobs", true);
    return topLogprobs === undefined ? withFlag : setBodyField(withFlag, "top_logprobs", topLogprobs);
  };
}

/**
 * Sets the end-user id sent to the provider for abuse monitoring.
 * @example `withUser("user-1234")`
 */
export function withUser(user: string): RequestOption {
  return (request) => setBodyField(request, "user", user);
}
