import { describe, expect, test } from "vitest";
import {
  type ClientOption,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newCompletionRequest,
  newUserMessage,
  vllm,
  withApiKey,
  withBaseUrl,
  withDefaultModel,
  withMaxRetries,
  withProvider,
} from "../../lib/index.ts";
import { capturedBody, refusedBeforeSending } from "./support/capture.ts";

const origin = "https://default-model.test";
const hi = [newUserMessage("Hi")];
const clientWith = (...options: ClientOption[]) =>
  newClient(withBaseUrl(`${origin}/v1`), withApiKey("sk-default-model"), withMaxRetries(0), ...options);

describe("withDefaultModel", () => {
  test("fills an empty model", async () => {
    const client = clientWith(withDefaultModel("Qwen/Qwen3-8B"));
    const body = await capturedBody(origin, "/v1/chat/completions", () =>
      client.chatCompletion(newChatCompletionRequest("", hi)),
    );
    expect(body).toStrictEqual({ model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "Hi" }] });
  });

  test("leaves a request's own model alone", async () => {
    const client = clientWith(withDefaultModel("Qwen/Qwen3-8B"));
    const body = await capturedBody(origin, "/v1/chat/completions", () =>
      client.chatCompletion(newChatCompletionRequest("llama-3.1-8b", hi)),
    );
    expect(body).toStrictEqual({ model: "llama-3.1-8b", messages: [{ role: "user", content: "Hi" }] });
  });

  test("fills streams and text completions too", async () => {
    const client = newClient(
      withProvider(vllm({ baseUrl: `${origin}/v1` })),
      withDefaultModel("Qwen/Qwen3-8B"),
      withMaxRetries(0),
    );
    const streamBody = await capturedBody(
      origin,
      "/v1/chat/completions",
      () => client.chatCompletionStream(newChatCompletionStreamRequest("  ", hi)),
      'data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
      { "content-type": "text/event-stream" },
    );
    expect(streamBody).toStrictEqual({
      model: "Qwen/Qwen3-8B",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    const completionBody = await capturedBody(
      origin,
      "/v1/completions",
      () => client.completion(newCompletionRequest("", "Once")),
      {
        id: "cmpl-1",
        model: "Qwen/Qwen3-8B",
        choices: [{ index: 0, text: " upon", finish_reason: "length" }],
      },
    );
    expect(completionBody).toStrictEqual({ model: "Qwen/Qwen3-8B", prompt: "Once" });
  });

  test("without it, an empty model is still invalid_request, before any network call", async () => {
    const client = clientWith();
    const error = await refusedBeforeSending(() => client.chatCompletion(newChatCompletionRequest("", hi)));
    expect(error).toMatchObject({ kind: "invalid_request", field: "model" });
  });
});
