import { inspect } from "node:util";
import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  type ChatwireError,
  type Client,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withHeaders,
  withMaxRetries,
  withTemperature,
} from "../../lib/index.ts";
import { apiOrigin, baseUrl, okCompletion, plantedKey, testClient } from "../client/nock-server.ts";

const request = newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]);

/** Every way a user might print or store an error: none may show the key. */
function expectNoKey(error: ChatwireError): void {
  expect(JSON.stringify(error)).not.toContain(plantedKey);
  expect(String(error.message)).not.toContain(plantedKey);
  expect(inspect(error, { depth: 10 })).not.toContain(plantedKey);
  expect(`${Object.values(error).join(" ")}`).not.toContain(plantedKey);
}

function expectClientHidesKey(client: Client): void {
  expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(plantedKey);
  expect(JSON.stringify(client)).not.toContain(plantedKey);
  expect(String(client)).not.toContain(plantedKey);
}

describe("the API key never leaves in an error", () => {
  test("the server echoes the key in its error body", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(401, {
        error: {
          message: `Incorrect API key provided: ${plantedKey}.`,
          type: "invalid_request_error",
          param: plantedKey,
          code: "invalid_api_key",
        },
      });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectNoKey(error);
    expect(error).toMatchObject({
      kind: "http",
      status: 401,
      serverMessage: "Incorrect API key provided: [redacted].",
      code: "invalid_api_key",
    });
  });

  test("the server echoes the key in a plain-text error body", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(403, `Bearer ${plantedKey} is not allowed`, { "content-type": "text/plain" });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectNoKey(error);
    expect(error).toMatchObject({ kind: "http", serverMessage: "Bearer [redacted] is not allowed" });
  });

  test("the server echoes the key in its headers, the request id among them", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(
        400,
        { error: { message: "bad" } },
        {
          "x-request-id": `req-${plantedKey}`,
          "www-authenticate": `Bearer ${plantedKey}`,
          "x-echo-authorization": `Bearer ${plantedKey}`,
        },
      );
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectNoKey(error);
    expect(error).toMatchObject({ kind: "http", requestId: "req-[redacted]" });
  });

  test("Mistral-style: the key echoed in the body's request_id", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(401, { message: "No API key found in request", request_id: plantedKey });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectNoKey(error);
  });

  test("a 200 that is not JSON and echoes the key: the decode error's snippet hides it", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, `<html>your key ${plantedKey} is expired</html>`, { "content-type": "text/html" });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error.kind).toBe("decode");
    expectNoKey(error);
  });

  test("a 200 of the wrong shape that echoes the key: the decode error's snippet hides it", async () => {
    const scope = nock(apiOrigin).post("/v1/chat/completions").reply(200, { key: plantedKey });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error.kind).toBe("decode");
    expectNoKey(error);
  });

  test("a 200 whose wrongly typed field holds the key: the decode message hides it", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, { ...okCompletion, usage: { prompt_tokens: plantedKey, completion_tokens: 1 } });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({ kind: "decode", field: "usage.prompt_tokens" });
    expectNoKey(error);
  });

  test("a network failure whose cause names the key", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .replyWithError(new Error(`proxy refused Bearer ${plantedKey}`));
    const error = (await testClient(withMaxRetries(0)).chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error.kind).toBe("network");
    expectNoKey(error);
  });

  test("an API key with a line break is refused without showing it", async () => {
    const client = newClient(withBaseUrl(baseUrl), withApiKey(`${plantedKey}\r\n`));
    const error = (await client.chatCompletion(request))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "invalid_request", field: "apiKey" });
    expectNoKey(error);
    expectClientHidesKey(client);
  });

  test("an invalid request error", async () => {
    const error = (
      await testClient().chatCompletion(
        newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")], withTemperature(5)),
      )
    )._unsafeUnwrapErr();
    expectNoKey(error);
  });
});

describe("the API key never shows in the client", () => {
  test("util.inspect, JSON.stringify and String of a client", () => {
    expectClientHidesKey(testClient());
  });

  test("a key given as an Authorization header is hidden from errors too", async () => {
    const client = newClient(withBaseUrl(baseUrl), withHeaders({ Authorization: `Bearer ${plantedKey}` }));
    expectClientHidesKey(client);
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .matchHeader("authorization", `Bearer ${plantedKey}`)
      .reply(401, { error: { message: `key ${plantedKey} revoked` } });
    const error = (await client.chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectNoKey(error);
  });

  test("a successful response whose request id echoes the key does not carry it", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, okCompletion, { "x-request-id": `req-${plantedKey}` });
    const response = (await testClient().chatCompletion(request))._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    expect(JSON.stringify(response)).not.toContain(plantedKey);
  });

  test("the key is sent as a bearer token", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .matchHeader("authorization", `Bearer ${plantedKey}`)
      .reply(200, okCompletion);
    const result = await testClient().chatCompletion(request);
    expect(scope.isDone()).toBe(true);
    expect(JSON.stringify(result._unsafeUnwrap())).not.toContain(plantedKey);
  });
});
