import ky from "ky";
import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  assistantText,
  type CompletionChunk,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withFetch,
} from "../../lib/index.ts";

const answer = {
  id: "chatcmpl-ky",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "through ky" }, finish_reason: "stop" }],
};

it("sends every call through a ky instance given with withFetch, hooks included", async () => {
  const seen: string[] = [];
  const api = ky.create({
    throwHttpErrors: false,
    retry: 0,
    timeout: false,
    hooks: { beforeRequest: [({ request }) => void seen.push(`${request.method} ${request.url}`)] },
  });
  const scope = nock("http://ky.test", { reqheaders: { authorization: "Bearer sk-ky-0123456789" } })
    .post("/v1/chat/completions")
    .reply(200, answer);
  const client = newClient(withBaseUrl("http://ky.test/v1"), withApiKey("sk-ky-0123456789"), withFetch(api));

  const result = await client.chatCompletion(newChatCompletionRequest("m", [newUserMessage("hi")]));

  expect(result.map(assistantText)._unsafeUnwrap()).toBe("through ky");
  expect(seen).toStrictEqual(["POST http://ky.test/v1/chat/completions"]);
  expect(scope.isDone()).toBe(true);
});

it("keeps chatwire's own error handling when ky is told not to throw", async () => {
  nock("http://ky.test")
    .post("/v1/chat/completions")
    .reply(404, { error: { message: "no such model" } });
  const api = ky.create({ throwHttpErrors: false, retry: 0, timeout: false });
  const client = newClient(withBaseUrl("http://ky.test/v1"), withFetch(api));

  const result = await client.chatCompletion(newChatCompletionRequest("m", [newUserMessage("hi")]));

  expect(result._unsafeUnwrapErr()).toMatchObject({
    kind: "http",
    status: 404,
    serverMessage: "no such model",
  });
});

describe("a withFetch fetch that breaks its contract", () => {
  const request = newChatCompletionRequest("m", [newUserMessage("Hi")]);
  const clientWith = (fetch: (input: unknown) => Promise<unknown>) =>
    newClient(withBaseUrl("https://api.example.test/v1"), withApiKey("sk-test"), withFetch(fetch as never));

  it("answering what is not a Response is one decode error, not retried, with nothing left to reject", async () => {
    let calls = 0;
    const client = clientWith(() => {
      calls++;
      return Promise.resolve(42);
    });
    const error = (await client.chatCompletion(request))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      kind: "decode",
      retryable: false,
      message:
        "POST https://api.example.test/v1/chat/completions failed: the fetch answered a number, not a Response",
    });
    expect(calls).toBe(1);
    expect(error).toMatchObject({ attempts: [{ errorKind: "decode", waitMs: 0 }] });
    const stream = await client.chatCompletionStream(
      newChatCompletionStreamRequest("m", [newUserMessage("Hi")]),
    );
    expect(stream._unsafeUnwrapErr()).toMatchObject({ kind: "decode" });
  });

  it("a Response-like answer whose body is no web stream ends the stream in a network error chunk", async () => {
    const nodeStyle = {
      status: 200,
      ok: true,
      headers: new Headers({ "content-type": "text/event-stream" }),
      body: {},
    };
    const client = clientWith(() => Promise.resolve(nodeStyle));
    const opened = await client.chatCompletionStream(
      newChatCompletionStreamRequest("m", [newUserMessage("Hi")]),
    );
    const chunks: CompletionChunk[] = [];
    for await (const chunk of opened) chunks.push(chunk);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.error).toMatchObject({ kind: "network" });
    expect(chunks[0]?.error?.message).toContain("the response body is not a ReadableStream");
  });
});
