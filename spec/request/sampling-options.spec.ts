import { describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newUserMessage,
  type RequestOption,
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
} from "../../lib/index.ts";
import { sentBody } from "../client/nock-server.ts";

const model = "gpt-4.1-nano";
const messages = [newUserMessage("Hello!")];
const base = { model, messages: [{ role: "user", content: "Hello!" }] };

const wire = (...options: readonly RequestOption[]): Promise<unknown> =>
  sentBody(newChatCompletionRequest(model, messages, ...options));

describe("sampling options on the wire", () => {
  test("no option sends only the model and the messages", async () => {
    expect(await wire()).toStrictEqual(base);
  });

  test.each<[string, RequestOption, Record<string, unknown>]>([
    ["withMaxTokens(256)", withMaxTokens(256), { max_tokens: 256 }],
    ["withMaxCompletionTokens(1024)", withMaxCompletionTokens(1024), { max_completion_tokens: 1024 }],
    ["withTemperature(0.7)", withTemperature(0.7), { temperature: 0.7 }],
    ["withTemperature(0)", withTemperature(0), { temperature: 0 }],
    ["withTemperature(2)", withTemperature(2), { temperature: 2 }],
    ["withTopP(0.9)", withTopP(0.9), { top_p: 0.9 }],
    ["withTopP(0)", withTopP(0), { top_p: 0 }],
    ["withN(3)", withN(3), { n: 3 }],
    ["withStop('END')", withStop("END"), { stop: "END" }],
    ["withStop(['\\n\\n', 'END'])", withStop(["\n\n", "END"]), { stop: ["\n\n", "END"] }],
    ["withStop('')", withStop(""), { stop: "" }],
    ["withSeed(42)", withSeed(42), { seed: 42 }],
    ["withSeed(0)", withSeed(0), { seed: 0 }],
    ["withSeed(-7)", withSeed(-7), { seed: -7 }],
    ["withFrequencyPenalty(0.5)", withFrequencyPenalty(0.5), { frequency_penalty: 0.5 }],
    ["withFrequencyPenalty(0)", withFrequencyPenalty(0), { frequency_penalty: 0 }],
    ["withFrequencyPenalty(-2)", withFrequencyPenalty(-2), { frequency_penalty: -2 }],
    ["withPresencePenalty(-0.5)", withPresencePenalty(-0.5), { presence_penalty: -0.5 }],
    ["withPresencePenalty(0)", withPresencePenalty(0), { presence_penalty: 0 }],
    ["withLogitBias({ '50256': -100 })", withLogitBias({ "50256": -100 }), { logit_bias: { "50256": -100 } }],
    ["withLogitBias({})", withLogitBias({}), { logit_bias: {} }],
    ["withLogprobs()", withLogprobs(), { logprobs: true }],
    ["withLogprobs(3)", withLogprobs(3), { logprobs: true, top_logprobs: 3 }],
    ["withLogprobs(0)", withLogprobs(0), { logprobs: true, top_logprobs: 0 }],
    ["withUser('user-1234')", withUser("user-1234"), { user: "user-1234" }],
    ["withUser('')", withUser(""), { user: "" }],
  ])("%s", async (_name, option, fields) => {
    expect(await wire(option)).toStrictEqual({ ...base, ...fields });
  });

  test("every sampling option at once", async () => {
    expect(
      await wire(
        withMaxTokens(64),
        withMaxCompletionTokens(128),
        withTemperature(0),
        withTopP(1),
        withN(2),
        withStop(["END"]),
        withSeed(0),
        withFrequencyPenalty(0),
        withPresencePenalty(0),
        withLogitBias({ "1734": 5 }),
        withLogprobs(2),
        withUser("u-1"),
      ),
    ).toStrictEqual({
      ...base,
      max_tokens: 64,
      max_completion_tokens: 128,
      temperature: 0,
      top_p: 1,
      n: 2,
      stop: ["END"],
      seed: 0,
      frequency_penalty: 0,
      presence_penalty: 0,
      logit_bias: { "1734": 5 },
      logprobs: true,
      top_logprobs: 2,
      user: "u-1",
    });
  });

  test("the last write to a field wins", async () => {
    expect(
      await wire(withTemperature(1.5), withTemperature(0), withMaxTokens(10), withMaxTokens(20)),
    ).toStrictEqual({ ...base, temperature: 0, max_tokens: 20 });
  });
});

describe("options are pure", () => {
  test("an option returns a new request and leaves the one it was given untouched", () => {
    const before = newChatCompletionRequest(model, messages);
    const snapshot = structuredClone(before);
    const after = withTemperature(0)(before);
    expect(before).toStrictEqual(snapshot);
    expect(after).not.toBe(before);
    expect(after).toStrictEqual({ body: { ...before.body, temperature: 0 } });
  });

  test("the same option value can build many requests", () => {
    const option = withSeed(7);
    const first = newChatCompletionRequest("a", messages, option);
    const second = newChatCompletionRequest("b", messages, option);
    expect(first.body).toStrictEqual({ model: "a", messages, seed: 7 });
    expect(second.body).toStrictEqual({ model: "b", messages, seed: 7 });
  });
});
