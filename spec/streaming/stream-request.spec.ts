import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newUserMessage,
  withMaxRetries,
  withStreamUsage,
  withTemperature,
} from "../../lib/index.ts";
import {
  drain,
  origin,
  piecesReadable,
  replyWithStream,
  streamRequest,
  testClient,
} from "./support/replay.ts";

const encoder = new TextEncoder();
const finished =
  'data: {"id":"c","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';

describe("client.chatCompletionStream", () => {
  test("sends the body with stream: true even when the request did not say so, and asks for SSE", async () => {
    const { scope, body, headers } = replyWithStream([encoder.encode(finished)]);
    const request = newChatCompletionRequest("test-model", [newUserMessage("Hi")], withTemperature(0));
    const stream = (await testClient().chatCompletionStream(request))._unsafeUnwrap();
    await drain(stream);
    scope.done();
    expect(body()).toStrictEqual({
      model: "test-model",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0,
      stream: true,
    });
    expect([headers().accept, headers().authorization]).toStrictEqual([
      "text/event-stream",
      "Bearer sk-test-key-123",
    ]);
  });

  test("withStreamUsage() sends stream_options: { include_usage: true }", async () => {
    const { scope, body } = replyWithStream([encoder.encode(finished)]);
    await drain((await testClient().chatCompletionStream(streamRequest(withStreamUsage())))._unsafeUnwrap());
    scope.done();
    expect(body()).toStrictEqual({
      model: "test-model",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  test("opens once the headers arrive, with the request id, the headers latency and the attempts", async () => {
    const { scope } = replyWithStream([encoder.encode(finished)], 200, { "x-request-id": "req-42" });
    const stream = (await testClient().chatCompletionStream(streamRequest()))._unsafeUnwrap();
    const { requestId, headersLatencyMs, attempts } = stream;
    expect({ requestId, headersLatencyMs, attempts }).toStrictEqual({
      requestId: "req-42",
      headersLatencyMs: 0,
      attempts: [{ status: 200, durationMs: 0, waitMs: 0 }],
    });
    await drain(stream);
    scope.done();
  });

  test("a non-2xx status is an http Err with the server's error body parsed", async () => {
    const text = readFileSync(
      join(
        import.meta.dirname,
        "..",
        "fixtures",
        "responses",
        "openai",
        "errors",
        "401-invalid-api-key.json",
      ),
      "utf8",
    );
    const scope = nock(origin)
      .post("/v1/chat/completions")
      .reply(401, text, { "content-type": "application/json" });
    const result = await testClient().chatCompletionStream(streamRequest());
    scope.done();
    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: "http",
      status: 401,
      type: "invalid_request_error",
      code: "invalid_api_key",
      serverMessage: expect.stringMatching(/^Incorrect API key provided/),
      retryable: false,
    });
  });

  test("a retryable status before the stream opens is retried; the attempts say so", async () => {
    const scope = nock(origin)
      .post("/v1/chat/completions")
      .reply(503, '{"error":{"message":"busy"}}', { "retry-after-ms": "0" })
      .post("/v1/chat/completions")
      .reply(200, () => piecesReadable([encoder.encode(finished)]), { "content-type": "text/event-stream" });
    const stream = (
      await testClient(withMaxRetries(1)).chatCompletionStream(streamRequest())
    )._unsafeUnwrap();
    expect(stream.attempts).toStrictEqual([
      { status: 503, errorKind: "http", durationMs: 0, waitMs: 0, waitSource: "retry-after" },
      { status: 200, durationMs: 0, waitMs: 0 },
    ]);
    expect((await drain(stream)).map((chunk) => chunk.isLastChunk)).toStrictEqual([true]);
    scope.done();
  });

  test("a bad request is an invalid_request Err before any network call", async () => {
    const request = newChatCompletionRequest("test-model", [newUserMessage("Hi")], withTemperature(7));
    const result = await testClient().chatCompletionStream(request);
    expect(result._unsafeUnwrapErr()).toStrictEqual({
      kind: "invalid_request",
      message: "invalid request: temperature must be a number from 0 to 2, got 7",
      field: "temperature",
      retryable: false,
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
