import { describe, expect, test } from "vitest";
import {
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
import { sentBody } from "../client/nock-server.ts";

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

  test("chatCompletion sends neither stream nor stream_options", async () => {
    expect(await wire(withStreaming(), withStreamUsage())).toStrictEqual(base);
    expect(await wire(withStreamUsage())).toStrictEqual(base);
  });

  test("chatCompletion sends a stream request without streaming", async () => {
    const request = newChatCompletionStreamRequest(model, messages, withStreamUsage(), withTemperature(0));
    expect(request.body).toStrictEqual({
      model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
    });
    expect(await sentBody(request)).toStrictEqual({ ...base, temperature: 0 });
  });

  test("a stream field set through withExtraBody is not sent by chatCompletion either", async () => {
    expect(
      await wire(withExtraBody({ stream: true, stream_options: { include_usage: true } })),
    ).toStrictEqual(base);
  });
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
