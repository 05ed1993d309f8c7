import { describe, expect, test } from "vitest";
import {
  assistantMessage,
  assistantText,
  type ChatCompletionResponse,
  FinishReason,
} from "../../lib/index.ts";

const response = (choices: ChatCompletionResponse["choices"]): ChatCompletionResponse => ({
  id: "chatcmpl-1",
  model: "gpt-4.1-nano",
  choices,
  latencyMs: 1,
  attempts: [],
  timing: { headersLatencyMs: 1, totalLatencyMs: 1, attempts: [] },
});

describe("assistantMessage", () => {
  test("gives the first choice's message", () => {
    const first = { role: "assistant", content: "first" };
    expect(
      assistantMessage(
        response([
          { index: 0, message: first, finish_reason: "stop" },
          { index: 1, message: { role: "assistant", content: "second" }, finish_reason: "stop" },
        ]),
      ),
    ).toBe(first);
  });

  test("gives undefined when there is no choice", () => {
    expect(assistantMessage(response([]))).toBeUndefined();
  });
});

describe("assistantText", () => {
  test.each<[string, unknown, string | undefined]>([
    ["string content", "Hello", "Hello"],
    ["empty content", "", ""],
    ["null content", null, undefined],
    ["no content", undefined, undefined],
    [
      "Mistral's array content: the text parts joined, thinking left out",
      [
        { type: "thinking", thinking: [{ type: "text", text: "hmm" }] },
        { type: "text", text: "2 + 2" },
        { type: "text", text: " = 4" },
      ],
      "2 + 2 = 4",
    ],
  ])("%s", (_name, content, expected) => {
    const message = content === undefined ? { role: "assistant" } : { role: "assistant", content };
    expect(
      assistantText(response([{ index: 0, message: message as { role: string }, finish_reason: "stop" }])),
    ).toBe(expected);
  });

  test("gives undefined when there is no choice", () => {
    expect(assistantText(response([]))).toBeUndefined();
  });
});

describe("FinishReason", () => {
  test("names the wire values", () => {
    expect(FinishReason).toStrictEqual({
      stop: "stop",
      length: "length",
      modelLength: "model_length",
      error: "error",
      toolCalls: "tool_calls",
      contentFilter: "content_filter",
    });
  });
});
