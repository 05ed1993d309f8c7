import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  type ChatCompletionRequest,
  type ChatMessage,
  type FunctionTool,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newRouter,
  newUserMessage,
  type RequestOption,
  withBudget,
  withExtraBody,
  withFrequencyPenalty,
  withHooks,
  withLogitBias,
  withLogprobs,
  withMaxCompletionTokens,
  withMaxTokens,
  withN,
  withPresencePenalty,
  withRoute,
  withSeed,
  withStop,
  withTemperature,
  withTimeout,
  withTools,
  withTopP,
} from "../../lib/index.ts";
import { sentBody, testClient, watchRequests } from "../client/nock-server.ts";

const messages = [newUserMessage("Hello!")];

let requests: ReturnType<typeof watchRequests>;
beforeEach(() => {
  requests = watchRequests();
});
afterEach(() => {
  requests.stop();
});

/** Sends a request with no interceptor set up: it must fail before any network call. */
async function rejectedField(request: ChatCompletionRequest): Promise<string> {
  const result = await testClient().chatCompletion(request);
  expect(requests.count()).toBe(0);
  if (result.isOk())
    throw new Error(`expected an invalid_request error, got ${JSON.stringify(result.value)}`);
  const error = result.error;
  if (error.kind !== "invalid_request")
    throw new Error(`expected invalid_request, got ${JSON.stringify(error)}`);
  expect(error.retryable).toBe(false);
  expect(error.message).toContain(error.field);
  return error.field;
}

const withOption = (option: RequestOption): ChatCompletionRequest =>
  newChatCompletionRequest("gpt-4.1-nano", messages, option);

describe("out-of-range option values → invalid_request naming the field, before any network call", () => {
  test.each<[string, RequestOption, string]>([
    ["temperature below 0", withTemperature(-0.1), "temperature"],
    ["temperature above 2", withTemperature(2.01), "temperature"],
    ["temperature NaN", withTemperature(Number.NaN), "temperature"],
    ["temperature Infinity", withTemperature(Number.POSITIVE_INFINITY), "temperature"],
    ["top_p below 0", withTopP(-0.01), "top_p"],
    ["top_p above 1", withTopP(1.5), "top_p"],
    ["top_p NaN", withTopP(Number.NaN), "top_p"],
    ["n of 0", withN(0), "n"],
    ["n negative", withN(-1), "n"],
    ["n not an integer", withN(1.5), "n"],
    ["max_tokens of 0", withMaxTokens(0), "max_tokens"],
    ["max_tokens not an integer", withMaxTokens(10.5), "max_tokens"],
    ["max_tokens NaN", withMaxTokens(Number.NaN), "max_tokens"],
    ["max_completion_tokens of 0", withMaxCompletionTokens(0), "max_completion_tokens"],
    ["max_completion_tokens not an integer", withMaxCompletionTokens(2.5), "max_completion_tokens"],
    ["frequency_penalty below -2", withFrequencyPenalty(-2.5), "frequency_penalty"],
    ["frequency_penalty above 2", withFrequencyPenalty(2.1), "frequency_penalty"],
    ["presence_penalty below -2", withPresencePenalty(-3), "presence_penalty"],
    ["presence_penalty above 2", withPresencePenalty(2.0001), "presence_penalty"],
    ["presence_penalty NaN", withPresencePenalty(Number.NaN), "presence_penalty"],
    ["seed not an integer", withSeed(0.5), "seed"],
    ["seed NaN", withSeed(Number.NaN), "seed"],
    ["top_logprobs above 20", withLogprobs(21), "top_logprobs"],
    ["top_logprobs negative", withLogprobs(-1), "top_logprobs"],
    ["top_logprobs not an integer", withLogprobs(1.5), "top_logprobs"],
    ["logit_bias above 100", withLogitBias({ "50256": 101 }), "logit_bias.50256"],
    ["logit_bias below -100", withLogitBias({ "50256": -100.5 }), "logit_bias.50256"],
    ["logit_bias NaN", withLogitBias({ "1": 0, "2": Number.NaN }), "logit_bias.2"],
    ["logit_bias not a number", withLogitBias({ "7": "5" as unknown as number }), "logit_bias.7"],
    ["logit_bias not an object", withLogitBias([5] as unknown as Record<string, number>), "logit_bias"],
    ["logit_bias null", withLogitBias(null as unknown as Record<string, number>), "logit_bias"],
    ["stop array with a non-string", withStop(["END", 3 as unknown as string]), "stop"],
    ["stop a number", withStop(3 as unknown as string), "stop"],
    ["tools not an array", withExtraBody({ tools: "get_time" }), "tools"],
    ["a tool that is null", withTools([null as unknown as FunctionTool]), "tools.0.function.name"],
    [
      "a tool without a name",
      withTools([{ type: "function", function: { name: "" } }]),
      "tools.0.function.name",
    ],
    ["per-request timeout of 0", withTimeout(0), "timeoutMs"],
    ["per-request timeout NaN", withTimeout(Number.NaN), "timeoutMs"],
    ["a bad value set through withExtraBody", withExtraBody({ temperature: 3 }), "temperature"],
  ])("%s", async (_name, option, field) => {
    expect(await rejectedField(withOption(option))).toBe(field);
  });

  test.each<[string, string]>([
    ["empty", ""],
    ["blank", "   "],
  ])("%s model", async (_name, model) => {
    expect(await rejectedField(newChatCompletionRequest(model, messages))).toBe("model");
  });

  test("empty messages", async () => {
    expect(await rejectedField(newChatCompletionRequest("gpt-4.1-nano", []))).toBe("messages");
  });

  test("a message without a role", async () => {
    const bad = [newUserMessage("Hi"), { content: "no role" } as unknown as ChatMessage];
    expect(await rejectedField(newChatCompletionRequest("gpt-4.1-nano", bad))).toBe("messages.1");
  });

  test("building a request with bad values does not throw and returns the request as built", () => {
    expect(newChatCompletionRequest("", [], withTemperature(9), withN(0))).toStrictEqual({
      body: { model: "", messages: [], temperature: 9, n: 0 },
    });
  });

  test("the error says what is wrong with the value", async () => {
    const result = await testClient().chatCompletion(withOption(withTemperature(2.5)));
    expect(requests.count()).toBe(0);
    expect(result._unsafeUnwrapErr()).toStrictEqual({
      kind: "invalid_request",
      message: "invalid request: temperature must be a number from 0 to 2, got 2.5",
      field: "temperature",
      retryable: false,
    });
  });
});

describe("a body that cannot be written as JSON → invalid_request naming the body, before any network call", () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const cases: [string, RequestOption, string][] = [
    ["a BigInt", withExtraBody({ big: 10n }), "Do not know how to serialize a BigInt"],
    ["a cycle", withExtraBody({ circular }), "circular structure"],
  ];
  const expectBodyError = (error: { kind: string; field?: string; message: string }, says: string) => {
    expect(error).toMatchObject({ kind: "invalid_request", field: "body", retryable: false });
    expect(error.message).toContain("invalid request: body cannot be sent as JSON: ");
    expect(error.message).toContain(says);
    expect(requests.count()).toBe(0);
  };

  test.each(cases)("%s, on every kind of call", async (_name, option, says) => {
    const hooked = testClient(withHooks({ beforeRequest: [() => undefined] }));
    for (const client of [testClient(), hooked]) {
      expectBodyError((await client.chatCompletion(withOption(option)))._unsafeUnwrapErr(), says);
      const stream = newChatCompletionStreamRequest("gpt-4.1-nano", messages, option);
      expectBodyError((await client.chatCompletionStream(stream))._unsafeUnwrapErr(), says);
    }
  });

  test.each(cases)("%s, through a router whose route has a token budget", async (_name, option, says) => {
    const router = newRouter(withRoute("main", testClient(), withBudget({ tpm: 10_000 })));
    const request = newChatCompletionRequest("main/gpt-4.1-nano", messages, option);
    expectBodyError((await router.chatCompletion(request))._unsafeUnwrapErr(), says);
  });
});

describe("boundary values are accepted", () => {
  test.each<[string, RequestOption]>([
    ["temperature 0", withTemperature(0)],
    ["temperature 2", withTemperature(2)],
    ["top_p 0", withTopP(0)],
    ["top_p 1", withTopP(1)],
    ["n 1", withN(1)],
    ["max_tokens 1", withMaxTokens(1)],
    ["frequency_penalty -2", withFrequencyPenalty(-2)],
    ["presence_penalty 2", withPresencePenalty(2)],
    ["logit_bias -100 and 100", withLogitBias({ "1": -100, "2": 100 })],
    ["top_logprobs 20", withLogprobs(20)],
    ["seed 0", withSeed(0)],
  ])("%s", async (_name, option) => {
    await sentBody(withOption(option));
  });
});
