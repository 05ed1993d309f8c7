import nock from "nock";
import { expect, test } from "vitest";
import { newChatCompletionRequest, newUserMessage } from "../../lib/index.ts";
import { apiOrigin, okCompletion, testClient } from "./nock-server.ts";

const request = newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]);

test("a body field named requestId is not taken for the request id when no header sends one", async () => {
  const scope = nock(apiOrigin)
    .post("/v1/chat/completions")
    .reply(200, { ...okCompletion, requestId: "from-the-body" });

  const response = (await testClient().chatCompletion(request))._unsafeUnwrap();

  expect(scope.isDone()).toBe(true);
  expect(response.requestId).toBeUndefined();
  expect(Object.hasOwn(response, "requestId")).toBe(false);
});

test("the request id header still wins over a body field named requestId", async () => {
  const scope = nock(apiOrigin)
    .post("/v1/chat/completions")
    .reply(200, { ...okCompletion, requestId: "from-the-body" }, { "x-request-id": "req_header_1" });

  const response = (await testClient().chatCompletion(request))._unsafeUnwrap();

  expect(scope.isDone()).toBe(true);
  expect(response.requestId).toBe("req_header_1");
});
