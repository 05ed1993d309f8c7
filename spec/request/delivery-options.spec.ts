import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  assistantText,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newUserMessage,
  type RequestOption,
  withExtraBody,
  withStreaming,
  withStreamUsage,
  withTemperature,
  withTimeout,
} from "../../lib/index.ts";
import { apiOrigin, sentBody, testClient } from "../client/nock-server.ts";

const model = "gpt-4.1-nano";
const messages = [newUserMessage("Hello!")];
const base = { model, messages: [{ role: "user", content: "Hello!" }] };

const wire = (...options: readonly RequestOption[]): Promise<unknown> =>
  sentBody(newChatCompletionRequest(model, messages, ...options));

describe("streaming options: the method decides", () => {
  test("withStreaming and withStreamUsage are on the request", () => {
    expect(newChatCompletionRequest(model, messages, withStreaming(), withStreamUsage())).toStrictEqual({
      body: { model, messages, stream: true, stream_options: { include_usage: true } },
    });
  });

  test("chatCompletion sends no stream_options for a request not marked for streaming", async () => {
    expect(await wire(withStreamUsage())).toStrictEqual(base);
  });

  test.each([
    ["newChatCompletionStreamRequest", newChatCompletionStreamRequest(model, messages, withStreamUsage())],
    ["withStreaming", newChatCompletionRequest(model, messages, withStreaming(), withStreamUsage())],
    [
      "withExtraBody({ stream: true })",
      newChatCompletionRequest(model, messages, withExtraBody({ stream: true }), withStreamUsage()),
    ],
  ])(
    "chatCompletion streams a request marked for streaming (%s) and collects it, with the stream's timing",
    async (_name, request) => {
      let received: unknown;
      const sse = [
        {
          id: "c1",
          model,
          choices: [{ index: 0, delta: { role: "assistant", content: "Bon" }, finish_reason: null }],
        },
        { id: "c1", model, choices: [{ index: 0, delta: { content: "jour" }, finish_reason: "stop" }] },
        { id: "c1", model, choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
      ]
        .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
        .join("");
      const scope = nock(apiOrigin)
        .post("/v1/chat/completions", (body) => {
          received = body;
          return true;
        })
        .reply(200, `${sse}data: [DONE]\n\n`, { "content-type": "text/event-stream" });
      const response = (await testClient().chatCompletion(request))._unsafeUnwrap();
      expect(scope.isDone()).toBe(true);
      expect(received).toStrictEqual({ ...base, stream: true, stream_options: { include_usage: true } });
      expect(assistantText(response)).toBe("Bonjour");
      expect(response.usage?.total_tokens).toBe(5);
      // The collected answer's timing is the stream's: time to first chunk and the gaps between chunks.
      expect(response.timing).toHaveProperty("timeToFirstChunkMs");
      expect(response.timing).toHaveProperty("interChunkP99Ms");
    },
  );
});

describe("withTimeout", () => {
  test("is a setting of the request, never part of the body", async () => {
    const request = newChatCompletionRequest(model, messages, withTimeout(30_000));
    expect(request).toStrictEqual({ body: { model, messages }, timeoutMs: 30_000 });
    expect(await sentBody(request)).toStrictEqual(base);
  });
});

describe("withExtraBody", () => {
  test("adds vendor fields next to the standard ones", async () => {
    expect(
      await wire(
        withTemperature(0),
        withExtraBody({ min_p: 0.05, chat_template_kwargs: { enable_thinking: false }, safe_prompt: false }),
      ),
    ).toStrictEqual({
      ...base,
      temperature: 0,
      min_p: 0.05,
      chat_template_kwargs: { enable_thinking: false },
      safe_prompt: false,
    });
  });

  test("adds to earlier extra fields; a field named again takes the last value", async () => {
    expect(
      await wire(withExtraBody({ top_k: 40, min_p: 0.1 }), withExtraBody({ min_p: 0.05 })),
    ).toStrictEqual({
      ...base,
      top_k: 40,
      min_p: 0.05,
    });
  });

  test("keeps 0, false, '' and null", async () => {
    expect(
      await wire(withExtraBody({ top_k: 0, ignore_eos: false, suffix: "", guided_regex: null })),
    ).toStrictEqual({
      ...base,
      top_k: 0,
      ignore_eos: false,
      suffix: "",
      guided_regex: null,
    });
  });
});
