import ky from "ky";
import nock from "nock";
import { expect, it } from "vitest";
import {
  assistantText,
  newChatCompletionRequest,
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
