import { afterEach, describe, expect, test } from "vitest";
import {
  type ClientOption,
  type CompletionChunk,
  collectStream,
  newClient,
  withApiKey,
  withBaseUrl,
  withClock,
  withIdleTimeout,
  withMaxEventBytes,
  withMaxRetries,
  withN,
} from "../../lib/index.ts";
import { type LoopbackServer, startLoopback, writeThenTrickle } from "./support/loopback.ts";
import { drain, openOk, replyWithStream, testClient } from "./support/replay.ts";

const url = "https://stream.test/v1/chat/completions";
const encoder = new TextEncoder();
const content = (text: string) =>
  `data: {"id":"c","choices":[{"index":0,"delta":{"content":"${text}"},"finish_reason":null}]}\n\n`;
const contentChunk = (text: string, isLastChunk = false) => ({
  id: "c",
  choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
  chunkLatencyMs: 0,
  totalLatencyMs: 0,
  isLastChunk,
});
const errorChunk = (error: unknown) => ({
  choices: [],
  chunkLatencyMs: 0,
  totalLatencyMs: 0,
  isLastChunk: true,
  error,
});

async function streamOf(body: string, ...options: ClientOption[]): Promise<CompletionChunk[]> {
  replyWithStream([encoder.encode(body)]);
  return drain(await openOk(testClient(...options)));
}

describe("each failure ends the stream with exactly one error chunk", () => {
  test("bytes that are not SSE: decode", async () => {
    expect(await streamOf("<html><body>Bad gateway</body></html>\n")).toStrictEqual([
      errorChunk({
        kind: "decode",
        message: "the response is not an SSE stream: it holds no event",
        bodySnippet: "<html><body>Bad gateway</body></html>",
        retryable: false,
      }),
    ]);
  });

  test("an event that is not JSON: decode, with what arrived", async () => {
    const chunks = await streamOf(`${content("a")}data: {"choices": [\n\n`);
    expect(chunks).toStrictEqual([
      contentChunk("a"),
      errorChunk({
        kind: "decode",
        message: expect.stringMatching(/^stream chunk 2 is not JSON: /),
        bodySnippet: '{"choices": [',
        retryable: false,
      }),
    ]);
  });

  test("a chunk of the wrong shape: decode, naming the field", async () => {
    const bad = '{"choices":[{"index":0,"delta":{"content":5}}]}';
    expect(await streamOf(`data: ${bad}\n\n`)).toStrictEqual([
      errorChunk({
        kind: "decode",
        message:
          "stream chunk 1 does not have the expected shape at choices.0.delta.content: expected (string | Array), received 5",
        field: "choices.0.delta.content",
        bodySnippet: bad,
        retryable: false,
      }),
    ]);
  });

  test('`data: {"error": …}`: http, with the server\'s message, type and code', async () => {
    const data = '{"error":{"message":"The server is overloaded","type":"server_error","code":503}}';
    expect(await streamOf(`${content("a")}data: ${data}\n\n`)).toStrictEqual([
      contentChunk("a"),
      errorChunk({
        kind: "http",
        message: `POST ${url} → 200, then the server sent an error in the stream: The server is overloaded`,
        status: 503,
        serverMessage: "The server is overloaded",
        type: "server_error",
        code: 503,
        bodySnippet: data,
        body: data,
        retryable: true,
      }),
    ]);
  });

  test("`event: error` with a plain-text body: http, the text as the server's message", async () => {
    expect(await streamOf("event: error\ndata: upstream closed\n\n")).toStrictEqual([
      errorChunk({
        kind: "http",
        message: `POST ${url} → 200, then the server sent an error in the stream: upstream closed`,
        status: 200,
        serverMessage: "upstream closed",
        bodySnippet: "upstream closed",
        body: "upstream closed",
        retryable: false,
      }),
    ]);
  });

  test("a stream that ends before every choice finished, without [DONE]: network (truncated)", async () => {
    const truncated = (finished: number) => ({
      kind: "network",
      message: `the stream ended before it was complete: no [DONE], and ${finished} of 2 choice(s) finished`,
      cause: "truncated",
      retryable: true,
    });
    replyWithStream([
      encoder.encode(`${content("a")}data: {"choices":[{"index":1,"delta":{},"finish_reason":"stop"}]}\n\n`),
    ]);
    const chunks = await drain(await openOk(testClient(), withN(2)));
    expect(chunks.at(-1)).toStrictEqual(errorChunk(truncated(1)));
    expect(chunks.map((chunk) => chunk.isLastChunk)).toStrictEqual([false, false, true]);
    expect(await streamOf("")).toStrictEqual([
      errorChunk({ ...truncated(0), message: truncated(0).message.replace("of 2", "of 1") }),
    ]);
  });

  test("a choice that finishes on several chunks counts once, whatever its index", async () => {
    const finishing = (...indexes: number[]) =>
      `data: {"choices":[${indexes.map((index) => `{"index":${index},"delta":{},"finish_reason":"stop"}`).join(",")}]}\n\n`;
    const lastFlags = async (n: number, body: string) => {
      replyWithStream([encoder.encode(body)]);
      const chunks = await drain(await openOk(testClient(), withN(n)));
      return { flags: chunks.map((chunk) => chunk.isLastChunk), error: chunks.at(-1)?.error?.message };
    };
    const truncated = (finished: number, of: number) =>
      `the stream ended before it was complete: no [DONE], and ${finished} of ${of} choice(s) finished`;
    const upTo = (count: number) => Array.from({ length: count }, (_, index) => index);

    expect(await lastFlags(2, finishing(0) + finishing(0, 0))).toStrictEqual({
      flags: [false, false, true],
      error: truncated(1, 2),
    });
    expect(await lastFlags(2, finishing(0) + finishing(0) + finishing(1) + content("tail"))).toStrictEqual({
      flags: [false, false, false, true],
      error: undefined,
    });
    expect(await lastFlags(40, finishing(...upTo(39), 35) + finishing(35, 0, 31, 32))).toStrictEqual({
      flags: [false, false, true],
      error: truncated(39, 40),
    });
    expect(await lastFlags(40, finishing(...upTo(39)) + finishing(32, 39) + content("tail"))).toStrictEqual({
      flags: [false, false, true],
      error: undefined,
    });
  });

  test("a single event larger than maxEventBytes: decode", async () => {
    const chunks = await streamOf(`${content("a")}${content("x".repeat(100))}`, withMaxEventBytes(128));
    expect(chunks).toStrictEqual([
      contentChunk("a"),
      errorChunk({
        kind: "decode",
        message: "a stream event is larger than the 128-byte limit (maxEventBytes)",
        retryable: false,
      }),
    ]);
  });

  test("the API key never appears in an error chunk, even when the server echoes it", async () => {
    const key = "sk-test-key-123";
    const bodies = [
      `event: error\ndata: {"error":{"message":"bad key ${key}"}}\n\n`,
      `data: {"echo":"${key}"\n\n`,
      `data: {"choices":{"key":"${key}"}}\n\n`,
      `${key} is not SSE\n`,
    ];
    for (const body of bodies) {
      const chunks = await streamOf(body);
      expect(chunks).toHaveLength(1);
      expect(JSON.stringify(chunks[0])).not.toContain(key);
      expect(JSON.stringify(chunks[0])).toContain("[redacted]");
    }
  });

  test("after the error chunk the stream is done, and collecting it gives the error", async () => {
    replyWithStream([encoder.encode("data: nope\n\n")]);
    const stream = await openOk(testClient());
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.error?.kind).toBe("decode");
    expect(await iterator.next()).toStrictEqual({ done: true, value: undefined });
    replyWithStream([encoder.encode("data: nope\n\n")]);
    const collected = await collectStream(await openOk(testClient()));
    expect(collected._unsafeUnwrapErr()).toStrictEqual(first.value?.error);
  });

  test("a stream iterated twice: the second loop gets one invalid_request error chunk", async () => {
    replyWithStream([encoder.encode(`${content("a")}data: [DONE]\n\n`)]);
    const stream = await openOk(testClient());
    expect(await drain(stream)).toStrictEqual([
      contentChunk("a"),
      { choices: [], chunkLatencyMs: 0, totalLatencyMs: 0, isLastChunk: true },
    ]);
    expect(await drain(stream)).toStrictEqual([
      errorChunk({
        kind: "invalid_request",
        message: "invalid request: stream can be iterated only once",
        field: "stream",
        retryable: false,
      }),
    ]);
  });
});

describe("against a real loopback server", () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const clientFor = (baseUrl: string, ...options: ClientOption[]) =>
    newClient(
      withBaseUrl(baseUrl),
      withApiKey("sk-loop"),
      withClock(() => 0),
      withMaxRetries(0),
      ...options,
    );

  test("a connection dropped mid-stream: network", async () => {
    server = await startLoopback((response, socket) => {
      response.write(content("a"));
      setTimeout(() => socket.destroy(), 20);
    });
    const chunks = await drain(await openOk(clientFor(server.baseUrl)));
    expect(chunks).toStrictEqual([
      contentChunk("a"),
      errorChunk({
        kind: "network",
        message: expect.stringMatching(
          /^reading the stream of POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions failed/,
        ),
        cause: expect.any(String),
        retryable: true,
      }),
    ]);
  });

  test("a server gone quiet: timeout (idle), and the connection is closed", async () => {
    server = await startLoopback((response) => response.write(content("a")));
    const chunks = await drain(await openOk(clientFor(server.baseUrl, withIdleTimeout(100))));
    expect(chunks).toStrictEqual([
      contentChunk("a"),
      errorChunk({
        kind: "timeout",
        message: "timed out after 100 ms waiting for the next stream chunk",
        timeout: "idle",
        timeoutMs: 100,
        retryable: true,
      }),
    ]);
    await server.socketClosed(0);
  });

  test("an endless event: decode once past maxEventBytes, the connection closed, the server stopped", async () => {
    server = await startLoopback((response) => writeThenTrickle(response, "data: ", "x".repeat(1024)));
    const chunks = await drain(await openOk(clientFor(server.baseUrl, withMaxEventBytes(64 * 1024))));
    expect(chunks).toStrictEqual([
      errorChunk({
        kind: "decode",
        message: "a stream event is larger than the 65536-byte limit (maxEventBytes)",
        retryable: false,
      }),
    ]);
    await server.socketClosed(0);
    expect(server.bytesWritten(0)).toBeLessThan(4 * 1024 * 1024);
  });
});
