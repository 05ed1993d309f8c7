import * as v from "valibot";
import { describe, expect, test } from "vitest";
import { chatCompletionSchema } from "../../lib/schema/chat-completion-schema.ts";
import { modelListSchema } from "../../lib/schema/model-list-schema.ts";
import { shapeIssue } from "../../lib/schema/shape-issue.ts";
import { textCompletionSchema } from "../../lib/schema/text-completion-schemas.ts";

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

function firstIssue(
  schema: v.GenericSchema,
  value: unknown,
): { field: string; expected: string } | undefined {
  const issue = shapeIssue(schema, value);
  return issue && { field: v.getDotPath(issue) ?? "", expected: issue.expected ?? issue.type };
}

describe("chatCompletionSchema", () => {
  test("accepts a response as parsed, unknown fields kept and missing optional fields left missing", () => {
    const parsed: object = JSON.parse(completionText);
    expect(shapeIssue(chatCompletionSchema, parsed)).toBeUndefined();
    expect(parsed).toStrictEqual(JSON.parse(completionText));
    expect(Object.hasOwn(parsed, "usage")).toBe(false);
  });

  test("a __proto__ key stays inert data", () => {
    const text = completionText.replace('"object"', '"__proto__":{"polluted":true},"object"');
    const parsed: object = JSON.parse(text);
    expect(v.is(chatCompletionSchema, parsed)).toBe(true);
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  test.each([
    [
      { id: "x", model: "m", choices: [{ index: 0, message: {}, finish_reason: 1 }] },
      "choices.0.finish_reason",
      "string",
    ],
    [
      { id: "x", model: "m", choices: [{ index: 0, message: { content: 3 }, finish_reason: null }] },
      "choices.0.message.content",
      "(string | Array)",
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
      "number",
    ],
    [{ model: "m", choices: [] }, "id", '"id"'],
    ["chat.completion", "", "Object"],
  ])("names the first field at fault (%#)", (value, field, expected) => {
    expect(firstIssue(chatCompletionSchema, value)).toStrictEqual({ field, expected });
  });
});

describe("textCompletionSchema", () => {
  test("accepts a text completion as parsed and names a text that is not a string", () => {
    const text =
      '{"id":"cmpl-1","model":"m","choices":[{"index":0,"text":"Hi","finish_reason":"length","logprobs":null}],"usage":null}';
    const parsed: unknown = JSON.parse(text);
    expect(v.is(textCompletionSchema, parsed)).toBe(true);
    expect(parsed).toStrictEqual(JSON.parse(text));
    const wrong = JSON.parse(text.replace('"Hi"', "null"));
    expect(firstIssue(textCompletionSchema, wrong)).toStrictEqual({
      field: "choices.0.text",
      expected: "string",
    });
  });
});

describe("modelListSchema", () => {
  test("needs an id on every model", () => {
    const text = '{"data":[{"id":"a"},{"object":"model"}]}';
    expect(firstIssue(modelListSchema, JSON.parse(text))).toStrictEqual({
      field: "data.1.id",
      expected: '"id"',
    });
  });
});
