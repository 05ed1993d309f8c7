import nock from "nock";
import { describe, expect, test } from "vitest";
import { withClock } from "../../lib/index.ts";
import { apiOrigin, baseUrl, plantedKey, testClient } from "./nock-server.ts";

const models = {
  object: "list",
  data: [
    { id: "gpt-4.1-nano", object: "model", created: 1_744_321_025, owned_by: "system" },
    {
      id: "ft:gpt-4.1-nano:acme::abc123",
      object: "model",
      created: 1_750_000_000,
      owned_by: "acme",
      extra: true,
    },
  ],
};

describe("listModels", () => {
  test("Ok: the server's list as sent, with latency and request id", async () => {
    let now = 100;
    const scope = nock(apiOrigin)
      .get("/v1/models")
      .matchHeader("authorization", `Bearer ${plantedKey}`)
      .matchHeader("accept", "application/json")
      .reply(() => {
        now += 25;
        return [200, models, { "x-request-id": "req_models_1" }];
      });
    const result = await testClient(withClock(() => now)).listModels();
    expect(scope.isDone()).toBe(true);
    const { attempts, ...list } = result._unsafeUnwrap();
    expect(list).toStrictEqual({
      ...models,
      latencyMs: 25,
      requestId: "req_models_1",
      timing: { headersLatencyMs: 25, totalLatencyMs: 25, attempts },
    });
  });

  test("Ok: llama.cpp-style list with only ids", async () => {
    const scope = nock(apiOrigin)
      .get("/v1/models")
      .reply(200, { data: [{ id: "qwen3-0.6b.gguf" }] });
    const result = await testClient().listModels();
    expect(scope.isDone()).toBe(true);
    expect(result._unsafeUnwrap().data).toStrictEqual([{ id: "qwen3-0.6b.gguf" }]);
  });

  test("Err http: the server's message, status and code", async () => {
    const scope = nock(apiOrigin)
      .get("/v1/models")
      .reply(401, {
        error: {
          message: "Incorrect API key provided.",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      });
    const error = (await testClient().listModels())._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({
      kind: "http",
      status: 401,
      message: `GET ${baseUrl}/models → 401: Incorrect API key provided.`,
      serverMessage: "Incorrect API key provided.",
      type: "invalid_request_error",
      code: "invalid_api_key",
      retryable: false,
    });
  });

  test("Err decode: a list without data names the field", async () => {
    const scope = nock(apiOrigin).get("/v1/models").reply(200, { object: "list", models: [] });
    const error = (await testClient().listModels())._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({ kind: "decode", field: "data", retryable: false });
  });
});
