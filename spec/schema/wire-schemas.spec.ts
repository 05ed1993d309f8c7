import { describe, expect, test } from "vitest";
import { chatCompletionSchema, modelListSchema } from "../../lib/schema/wire-schemas.ts";

const completionText = JSON.stringify({
  id: "chatcmpl-1",
  object: "chat.completion",
  model: "gpt-4.1-nano",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Hi", annotations: [] },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  system_fingerprint: "fp_1",
});

describe("the chat completion check", () => {
  test("accepts a response as parsed, unknown fields kept and missing optional fields left missing", () => {
    const parsed: object = JSON.parse(completionText);
    expect(chatCompletionSchema(parsed)).toBeUndefined();
    expect(parsed).toStrictEqual(JSON.parse(completionText));
    expect(Object.hasOwn(parsed, "usage")).toBe(false);
  });

  test("a __proto__ key stays inert data", () => {
    const text = completionText.replace('"object"', '"__proto__":{"polluted":true},"object"');
    const parsed: object = JSON.parse(text);
    expect(chatCompletionSchema(parsed)).toBeUndefined();
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  test.each([
    [
      { id: "x", model: "m", choices: [{ index: 0, message: {}, finish_reason: 1 }] },
      "choices.0.finish_reason",
      "a string",
    ],
    [
      { id: "x", model: "m", choices: [{ index: 0, message: { content: 3 }, finish_reason: null }] },
      "choices.0.message.content",
      "a string, an array of parts or null",
    ],
    [
      {
        id: "x",
        model: "m",
        choices: [
          {
            index: 0,
            message: { tool_calls: [{ id: "c", type: "tool", function: { name: "f", arguments: "{}" } }] },
            finish_reason: null,
          },
        ],
      },
      "choices.0.message.tool_calls.0.type",
      '"function"',
    ],
    [
      {
        id: "x",
        model: "m",
        choices: [],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: "2" },
      },
      "usage.total_tokens",
      "a number",
    ],
    [[], "", "an object"],
  ])("names the first field at fault (%#)", (value, field, expected) => {
    expect(chatCompletionSchema(value)).toStrictEqual({ field, expected });
  });
});

describe("the model list check", () => {
  test("needs an id on every model", () => {
    const text = '{"data":[{"id":"a"},{"object":"model"}]}';
    expect(modelListSchema(JSON.parse(text))).toStrictEqual({ field: "data.1.id", expected: "a string" });
  });
});
