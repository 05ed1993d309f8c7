import nock from "nock";
import { describe, expect, test } from "vitest";
import { newChatCompletionRequest, newUserMessage, withClock } from "../../lib/index.ts";
import { apiOrigin, okCompletion, testClient } from "../client/nock-server.ts";

const request = newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]);

describe("latencyMs", () => {
  test("runs on the injected clock, from the call's start to the parsed body", async () => {
    let now = 5_000.25;
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(() => {
        now += 812.5;
        return [200, okCompletion];
      });
    const result = await testClient(withClock(() => now)).chatCompletion(request);
    expect(scope.isDone()).toBe(true);
    expect(result._unsafeUnwrap().latencyMs).toBe(812.5);
  });

  test("is 0 when the clock does not move", async () => {
    const scope = nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    const result = await testClient(withClock(() => 42)).chatCompletion(request);
    expect(scope.isDone()).toBe(true);
    expect(result._unsafeUnwrap().latencyMs).toBe(0);
  });

  test("is measured for listModels too", async () => {
    let now = 0;
    const scope = nock(apiOrigin)
      .get("/v1/models")
      .reply(() => {
        now += 64;
        return [200, { object: "list", data: [] }];
      });
    const result = await testClient(withClock(() => now)).listModels();
    expect(scope.isDone()).toBe(true);
    expect(result._unsafeUnwrap().latencyMs).toBe(64);
  });
});

describe("the server's request id", () => {
  test("comes from x-request-id", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, okCompletion, { "x-request-id": "req_8f3a1c2b" });
    const response = (await testClient().chatCompletion(request))._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    expect(response.requestId).toBe("req_8f3a1c2b");
  });

  test("is absent when the server sends none", async () => {
    const scope = nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    const response = (await testClient().chatCompletion(request))._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    expect("requestId" in response).toBe(false);
  });

  test("comes from Mistral's error body `request_id` on an http error", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(401, { message: "No API key found in request", request_id: "ab5386689131886ef950356f5333e057" });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error.kind === "http" && error.requestId).toBe("ab5386689131886ef950356f5333e057");
  });

  test("a header wins over the error body", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(
        401,
        { message: "No API key found in request", request_id: "from-body" },
        { "x-request-id": "from-header" },
      );
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error.kind === "http" && error.requestId).toBe("from-header");
  });
});

describe("the response is plain data", () => {
  test("it survives a JSON round trip unchanged", async () => {
    let now = 0;
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(() => {
        now += 10;
        return [200, okCompletion, { "x-request-id": "req_1" }];
      });
    const response = (await testClient(withClock(() => now)).chatCompletion(request))._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    expect(JSON.parse(JSON.stringify(response))).toStrictEqual(response);
    const { attempts, ...rest } = response;
    expect(rest).toStrictEqual({
      ...okCompletion,
      latencyMs: 10,
      requestId: "req_1",
      timing: { headersLatencyMs: 10, totalLatencyMs: 10, attempts },
    });
  });
});
