import { describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  type RequestOption,
  withApiKey,
  withBaseUrl,
  withChatTemplateKwargs,
  withExtraBody,
  withGuidedJson,
  withMaxRetries,
  withMinP,
  withPromptMode,
  withRandomSeed,
  withRepetitionPenalty,
  withSafePrompt,
  withTopK,
} from "../../lib/index.ts";
import { capturedBody, refusedBeforeSending } from "./support/capture.ts";

const origin = "https://vendor.test";
const client = newClient(withBaseUrl(`${origin}/v1`), withApiKey("sk-vendor-test"), withMaxRetries(0));
const hi = [newUserMessage("Hi")];
const base = { model: "m", messages: [{ role: "user", content: "Hi" }] };

describe("vendor options set real body fields, sent as named without a preset", () => {
  test.each<[string, RequestOption, Record<string, unknown>]>([
    ["withTopK(40)", withTopK(40), { top_k: 40 }],
    ["withTopK(0) (kept, not dropped)", withTopK(0), { top_k: 0 }],
    ["withTopK(-1) (vLLM: off)", withTopK(-1), { top_k: -1 }],
    ["withMinP(0)", withMinP(0), { min_p: 0 }],
    ["withMinP(1)", withMinP(1), { min_p: 1 }],
    ["withRepetitionPenalty(1.05)", withRepetitionPenalty(1.05), { repetition_penalty: 1.05 }],
    ["withGuidedJson", withGuidedJson({ type: "object" }), { guided_json: { type: "object" } }],
    ["withPromptMode", withPromptMode("reasoning"), { prompt_mode: "reasoning" }],
    ["withSafePrompt()", withSafePrompt(), { safe_prompt: true }],
    ["withSafePrompt(false)", withSafePrompt(false), { safe_prompt: false }],
    ["withRandomSeed(0)", withRandomSeed(0), { random_seed: 0 }],
  ])("%s", async (_, option, fields) => {
    const body = await capturedBody(origin, "/v1/chat/completions", () =>
      client.chatCompletion(newChatCompletionRequest("m", hi, option)),
    );
    expect(body).toStrictEqual({ ...base, ...fields });
  });

  test("withChatTemplateKwargs adds to earlier kwargs, a key named again wins", async () => {
    const request = newChatCompletionRequest(
      "m",
      hi,
      withChatTemplateKwargs({ enable_thinking: true, a: 1 }),
      withChatTemplateKwargs({ enable_thinking: false }),
    );
    expect(request.body.chat_template_kwargs).toStrictEqual({ enable_thinking: false, a: 1 });
  });
});

describe("out-of-range vendor values → invalid_request naming the field, before any network call", () => {
  test.each<[string, RequestOption, string, string]>([
    ["top_k below -1", withTopK(-2), "top_k", "must be an integer at least -1, got -2"],
    ["top_k not an integer", withTopK(2.5), "top_k", "must be an integer at least -1, got 2.5"],
    ["min_p below 0", withMinP(-0.1), "min_p", "must be a number from 0 to 1, got -0.1"],
    ["min_p above 1", withMinP(1.5), "min_p", "must be a number from 0 to 1, got 1.5"],
    ["repetition_penalty 0", withRepetitionPenalty(0), "repetition_penalty", "must be a number > 0, got 0"],
    [
      "repetition_penalty NaN",
      withRepetitionPenalty(Number.NaN),
      "repetition_penalty",
      "must be a number > 0, got NaN",
    ],
    [
      "random_seed negative",
      withRandomSeed(-1),
      "random_seed",
      "must be an integer from 0 to 9007199254740991, got -1",
    ],
    ["safe_prompt not boolean", withExtraBody({ safe_prompt: "yes" }), "safe_prompt", "must be a boolean"],
    [
      "guided_json not an object",
      withExtraBody({ guided_json: "{}" }),
      "guided_json",
      "must be a JSON schema object",
    ],
    [
      "chat_template_kwargs an array",
      withExtraBody({ chat_template_kwargs: [] }),
      "chat_template_kwargs",
      "must be an object",
    ],
  ])("%s", async (_, option, field, problem) => {
    const error = await refusedBeforeSending(() =>
      client.chatCompletion(newChatCompletionRequest("m", hi, option)),
    );
    expect(error).toStrictEqual({
      kind: "invalid_request",
      message: `invalid request: ${field} ${problem}`,
      field,
      retryable: false,
    });
  });
});
