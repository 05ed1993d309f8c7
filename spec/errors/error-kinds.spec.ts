import { createServer } from "node:net";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  type ChatwireError,
  isChatwireError,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withClientTimeout,
  withMaxRetries,
  withTemperature,
  withTimeout,
} from "../../lib/index.ts";
import {
  apiOrigin,
  chatUrl,
  okCompletion,
  plantedKey,
  testClient,
  watchRequests,
} from "../client/nock-server.ts";
import { type SilentServer, startSilentServer } from "../client/silent-server.ts";

const request = newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]);

let requests: ReturnType<typeof watchRequests>;
beforeEach(() => {
  requests = watchRequests();
});
afterEach(() => {
  requests.stop();
});

/** Every error, whatever its kind, is a plain ChatwireError with a message and a retry hint. */
function expectWellFormed(error: ChatwireError): void {
  expect(isChatwireError(error)).toBe(true);
  expect(typeof error.message).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
  expect(typeof error.retryable).toBe("boolean");
  expect(JSON.parse(JSON.stringify(error))).toStrictEqual(error);
}

/** A loopback port nobody listens on: opened by the test, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("invalid_request", () => {
  test("a bad option value, before any network call", async () => {
    const error = (
      await testClient().chatCompletion(
        newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")], withTemperature(-1)),
      )
    )._unsafeUnwrapErr();
    expect(requests.count()).toBe(0);
    expectWellFormed(error);
    expect(error).toStrictEqual({
      kind: "invalid_request",
      message: "invalid request: temperature must be a number from 0 to 2, got -1",
      field: "temperature",
      retryable: false,
    });
  });
});

describe("http", () => {
  test("a non-2xx status with the server's message", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(400, {
        error: { message: "Bad things", type: "invalid_request_error", param: "n", code: "bad_n" },
      });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectWellFormed(error);
    expect(error).toMatchObject({
      kind: "http",
      status: 400,
      message: `POST ${chatUrl} → 400: Bad things`,
      serverMessage: "Bad things",
      type: "invalid_request_error",
      param: "n",
      code: "bad_n",
      retryable: false,
    });
  });
});

describe("timeout", () => {
  let server: SilentServer;
  beforeEach(async () => {
    server = await startSilentServer();
  });
  afterEach(async () => {
    await server.close();
  });

  test("the client timeout bounds a call whose server does not answer", async () => {
    const client = newClient(withBaseUrl(server.baseUrl), withApiKey(plantedKey), withClientTimeout(50));
    const error = (await client.chatCompletion(request))._unsafeUnwrapErr();
    expectWellFormed(error);
    expect(error).toMatchObject({
      kind: "timeout",
      message: "timed out after 50 ms waiting for the request",
      timeout: "total",
      timeoutMs: 50,
      retryable: true,
    });
  });

  test("a request's own timeout wins over the client's", async () => {
    const client = newClient(withBaseUrl(server.baseUrl), withApiKey(plantedKey));
    const error = (
      await client.chatCompletion(
        newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")], withTimeout(40)),
      )
    )._unsafeUnwrapErr();
    expectWellFormed(error);
    expect(error).toMatchObject({ kind: "timeout", timeout: "total", timeoutMs: 40 });
  });
});

describe("aborted", () => {
  test("a signal aborted before the call: nothing is sent", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = (
      await testClient().chatCompletion(request, { signal: controller.signal })
    )._unsafeUnwrapErr();
    expect(requests.count()).toBe(0);
    expectWellFormed(error);
    expect(error).toMatchObject({
      kind: "aborted",
      message: "the request was aborted by the caller",
      retryable: false,
    });
  });

  test("a signal aborted while waiting for the answer", async () => {
    const controller = new AbortController();
    // Aborted once the server holds the request: the call is then waiting for an answer.
    const server = await startSilentServer(() => controller.abort());
    const client = newClient(withBaseUrl(server.baseUrl), withApiKey(plantedKey));
    const error = (await client.chatCompletion(request, { signal: controller.signal }))._unsafeUnwrapErr();
    expect(server.received().length).toBe(1);
    await server.close();
    expectWellFormed(error);
    expect(error).toMatchObject({ kind: "aborted", retryable: false });
  });

  test("listModels is aborted the same way", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = (await testClient().listModels({ signal: controller.signal }))._unsafeUnwrapErr();
    expect(requests.count()).toBe(0);
    expect(error.kind).toBe("aborted");
  });
});

describe("network", () => {
  test("connection refused on a closed loopback port", async () => {
    const port = await closedPort();
    // No retry: retries are the reliability specs' business; here only the kind of failure matters.
    const client = newClient(
      withBaseUrl(`http://127.0.0.1:${port}/v1`),
      withApiKey(plantedKey),
      withMaxRetries(0),
    );
    const error = (await client.chatCompletion(request))._unsafeUnwrapErr();
    expectWellFormed(error);
    expect(error).toMatchObject({ kind: "network", cause: "ECONNREFUSED", retryable: true });
    expect(error.message).toContain(`http://127.0.0.1:${port}/v1/chat/completions`);
    expect(error.message).toContain("ECONNREFUSED");
  });

  test("a connection that fails mid-request (nock replyWithError)", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      // An Error, not a plain object: nock's fetch interception hangs on a plain object.
      .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    const error = (await testClient(withMaxRetries(0)).chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectWellFormed(error);
    expect(error).toMatchObject({ kind: "network", cause: "ECONNRESET", retryable: true });
    expect(error.message).toContain(chatUrl);
  });
});

describe("decode", () => {
  test("a 200 whose body is not JSON", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, "<html>maintenance</html>", { "content-type": "text/html" });
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectWellFormed(error);
    expect(error).toMatchObject({
      kind: "decode",
      bodySnippet: "<html>maintenance</html>",
      retryable: false,
    });
    expect(error.message).toContain("not JSON");
    expect("field" in error).toBe(false);
  });

  test.each<[string, unknown, string]>([
    ["no choices", { id: "x", model: "m" }, "choices"],
    ["choices not an array", { id: "x", model: "m", choices: {} }, "choices"],
    ["no id", { model: "m", choices: [] }, "id"],
    [
      "a message that is a string",
      { id: "x", model: "m", choices: [{ index: 0, message: "hi", finish_reason: "stop" }] },
      "choices.0.message",
    ],
    [
      "a tool call without a name",
      {
        id: "x",
        model: "m",
        choices: [
          {
            index: 0,
            message: { tool_calls: [{ id: "c", function: { arguments: "{}" } }] },
            finish_reason: "stop",
          },
        ],
      },
      "choices.0.message.tool_calls.0.function.name",
    ],
    [
      "usage tokens as text",
      { ...okCompletion, usage: { prompt_tokens: "3", completion_tokens: 2 } },
      "usage.prompt_tokens",
    ],
    ["a JSON string", "chat.completion", ""],
  ])("a 200 with JSON of the wrong shape (%s) names the field", async (_name, body, field) => {
    const scope = nock(apiOrigin).post("/v1/chat/completions").reply(200, JSON.stringify(body));
    const error = (await testClient().chatCompletion(request))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expectWellFormed(error);
    expect(error).toMatchObject({ kind: "decode", field, retryable: false });
    expect(error.message).toContain(field === "" ? "does not have the expected shape" : `at ${field}`);
  });
});
