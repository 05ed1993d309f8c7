import { describe, expect, test } from "vitest";
import { withMaxRetries } from "../../lib/index.ts";
import { hostileCompletion, hostileHtmlPage } from "../support/hostile-server.ts";
import { attempt, hostileClient, hostileRequest, useHostileServer } from "./hostile-client.ts";

const server = useHostileServer();
const url = (scenario: string): string => `${server().baseUrl(scenario as never)}/chat/completions`;

describe("error statuses", () => {
  test("500 with a 256 KiB HTML page: a short message, a snippet, the whole page on the error", async () => {
    const client = hostileClient(server(), "html-500", withMaxRetries(0));

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    expect(error).toStrictEqual({
      kind: "http",
      message: `POST ${url("html-500")} → 500`,
      status: 500,
      bodySnippet: `${hostileHtmlPage.slice(0, 512)}…`,
      body: hostileHtmlPage,
      retryable: true,
      attempts: [attempt({ status: 500, errorKind: "http", waitMs: 0 })],
    });
    expect(hostileHtmlPage.length).toBeGreaterThan(256 * 1024);
  });

  test("401 with an OpenAI error body echoing the key: the server's words, the key redacted", async () => {
    const error = (
      await hostileClient(server(), "unauthorized").chatCompletion(hostileRequest)
    )._unsafeUnwrapErr();

    const body =
      '{"error":{"message":"Incorrect API key provided: Bearer [redacted] .","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}';
    expect(error).toStrictEqual({
      kind: "http",
      message: `POST ${url("unauthorized")} → 401: Incorrect API key provided: Bearer [redacted] .`,
      status: 401,
      serverMessage: "Incorrect API key provided: Bearer [redacted] .",
      type: "invalid_request_error",
      code: "invalid_api_key",
      bodySnippet: body,
      body,
      retryable: false,
      attempts: [attempt({ status: 401, errorKind: "http", waitMs: 0 })],
    });
  });

  test("400 with an OpenAI error body: message, type, code, param and request id; not retried", async () => {
    const error = (
      await hostileClient(server(), "bad-request").chatCompletion(hostileRequest)
    )._unsafeUnwrapErr();

    expect(error).toMatchObject({
      kind: "http",
      message: `POST ${url("bad-request")} → 400: Invalid value for 'temperature': must be at most 2.`,
      status: 400,
      serverMessage: "Invalid value for 'temperature': must be at most 2.",
      type: "invalid_request_error",
      code: "invalid_value",
      param: "temperature",
      requestId: "req_bad",
      retryable: false,
    });
    expect(server().requests).toHaveLength(1);
  });
});

describe("2xx bodies that are not a chat completion", () => {
  test("200 with text/html: decode, naming the status and content type", async () => {
    const error = (
      await hostileClient(server(), "html-200").chatCompletion(hostileRequest)
    )._unsafeUnwrapErr();

    expect(error).toStrictEqual({
      kind: "decode",
      message: expect.stringMatching(
        /^the chat completion response is not JSON \(.+\); status 200, content-type text\/html$/,
      ),
      bodySnippet: "<!DOCTYPE html><html><body>Please log in</body></html>",
      retryable: false,
      attempts: [attempt({ status: 200, errorKind: "decode", waitMs: 0 })],
    });
  });

  test("invalid JSON: decode with a snippet of what came", async () => {
    const error = (
      await hostileClient(server(), "invalid-json").chatCompletion(hostileRequest)
    )._unsafeUnwrapErr();

    expect(error).toMatchObject({
      kind: "decode",
      message: expect.stringMatching(
        /^the chat completion response is not JSON \(.+\); status 200, content-type application\/json$/,
      ),
      bodySnippet: '{"id":"chatcmpl-hostile","choices":[{"index":0,',
    });
  });

  test("an empty body: decode saying it is empty", async () => {
    const error = (
      await hostileClient(server(), "empty-body").chatCompletion(hostileRequest)
    )._unsafeUnwrapErr();

    expect(error).toStrictEqual({
      kind: "decode",
      message: "the chat completion response is empty; status 200, content-type application/json",
      bodySnippet: "",
      retryable: false,
      attempts: [attempt({ status: 200, errorKind: "decode", waitMs: 0 })],
    });
  });

  test("JSON of the wrong shape: decode naming the field", async () => {
    const error = (
      await hostileClient(server(), "wrong-shape").chatCompletion(hostileRequest)
    )._unsafeUnwrapErr();

    expect(error).toMatchObject({
      kind: "decode",
      message: expect.stringMatching(
        /^the chat completion response does not have the expected shape at choices\.0\.message: /,
      ),
      field: "choices.0.message",
      retryable: false,
    });
  });
});

describe("bodies that are fine", () => {
  test("a gzip-encoded JSON body decodes to the same response", async () => {
    const result = await hostileClient(server(), "gzip").chatCompletion(hostileRequest);

    expect(result._unsafeUnwrap()).toStrictEqual({
      ...hostileCompletion,
      latencyMs: expect.any(Number),
      timing: expect.objectContaining({ headersLatencyMs: expect.any(Number) }),
      attempts: [attempt({ status: 200, waitMs: 0 })],
    });
    expect(server().requests[0]?.headers["accept-encoding"]).toContain("gzip");
  });

  test("the plain answer, multi-byte text intact", async () => {
    const result = await hostileClient(server(), "ok").chatCompletion(hostileRequest);

    expect(result._unsafeUnwrap()).toStrictEqual({
      ...hostileCompletion,
      latencyMs: expect.any(Number),
      timing: expect.objectContaining({ headersLatencyMs: expect.any(Number) }),
      requestId: "req_hostile",
      attempts: [attempt({ status: 200, waitMs: 0 })],
    });
  });
});
