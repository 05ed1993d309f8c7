// Text completion streams through the chat stream machinery. The stream bodies here are written by hand
// in the shape of OpenAI's legacy `/v1/completions` streams (we have no recorded one in spec/fixtures).
import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  collectCompletionStream,
  newClient,
  newCompletionRequest,
  type TextCompletionChunk,
  withApiKey,
  withBaseUrl,
  withClock,
  withMaxRetries,
  withMaxTokens,
  withStreamUsage,
} from "../../lib/index.ts";

const origin = "https://completion-stream.test";
const client = newClient(
  withBaseUrl(`${origin}/v1`),
  withApiKey("sk-stream-test-01"),
  withMaxRetries(0),
  withClock(() => 0),
);

const base = {
  id: "cmpl-9xyz",
  object: "text_completion",
  created: 1_700_000_000,
  model: "gpt-3.5-turbo-instruct",
};
const wireChunks = [
  { ...base, choices: [{ text: " upon", index: 0, logprobs: null, finish_reason: null }] },
  { ...base, choices: [{ text: " a time", index: 0, logprobs: null, finish_reason: null }] },
  { ...base, choices: [{ text: "", index: 0, logprobs: null, finish_reason: "length" }] },
  { ...base, choices: [], usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 } },
];
const sse = (chunks: readonly object[], end = "data: [DONE]\n\n"): string =>
  chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + end;

async function chunksOf(body: string): Promise<TextCompletionChunk[]> {
  const scope = nock(origin)
    .post("/v1/completions")
    .reply(200, body, { "content-type": "text/event-stream" });
  const opened = await client.completionStream(newCompletionRequest("gpt-3.5-turbo-instruct", "Once"));
  const chunks: TextCompletionChunk[] = [];
  for await (const chunk of opened._unsafeUnwrap()) chunks.push(chunk);
  expect(scope.isDone()).toBe(true);
  return chunks;
}

const stamped = (chunk: object, isLastChunk = false) => ({
  ...chunk,
  chunkLatencyMs: 0,
  totalLatencyMs: 0,
  isLastChunk,
});

describe("client.completionStream", () => {
  test("sends stream: true (and stream_options) to /completions", async () => {
    let sent: unknown;
    const scope = nock(origin)
      .post("/v1/completions", (body) => {
        sent = body;
        return true;
      })
      .matchHeader("accept", "text/event-stream")
      .reply(200, sse(wireChunks), { "content-type": "text/event-stream" });
    const request = newCompletionRequest(
      "gpt-3.5-turbo-instruct",
      "Once",
      withMaxTokens(3),
      withStreamUsage(),
    );
    const opened = await client.completionStream(request);
    for await (const _ of opened._unsafeUnwrap()) {
      // drain
    }
    expect(scope.isDone()).toBe(true);
    expect(sent).toStrictEqual({
      model: "gpt-3.5-turbo-instruct",
      prompt: "Once",
      max_tokens: 3,
      stream_options: { include_usage: true },
      stream: true,
    });
  });

  test("hands over the chunks as sent (no delta added), isLastChunk on the real last one", async () => {
    const chunks = await chunksOf(sse(wireChunks));
    expect(chunks).toStrictEqual([
      stamped(wireChunks[0] ?? {}),
      stamped(wireChunks[1] ?? {}),
      stamped(wireChunks[2] ?? {}),
      stamped(wireChunks[3] ?? {}, true),
    ]);
  });

  test("collectCompletionStream assembles what a non-streaming call returns", async () => {
    const scope = nock(origin)
      .post("/v1/completions")
      .reply(200, sse(wireChunks), { "content-type": "text/event-stream", "x-request-id": "req_s" });
    const collected = await client
      .completionStream(newCompletionRequest("m", "Once"))
      .andThen(collectCompletionStream);
    expect(scope.isDone()).toBe(true);
    const { timing, attempts: _attempts, ...response } = collected._unsafeUnwrap();
    expect(response).toStrictEqual({
      ...base,
      choices: [{ index: 0, text: " upon a time", finish_reason: "length" }],
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
      latencyMs: 0,
      requestId: "req_s",
    });
    expect(timing).toMatchObject({ chunkCount: 4, timeToFirstChunkMs: 0, timeToFirstContentMs: 0 });
  });

  test('chunks that carry "error": null collect to the full text (issue 14, bug 1)', async () => {
    const scope = nock(origin)
      .post("/v1/completions")
      .reply(200, sse(wireChunks.map((chunk) => ({ error: null, ...chunk }))), {
        "content-type": "text/event-stream",
      });
    const collected = await client
      .completionStream(newCompletionRequest("m", "Once"))
      .andThen(collectCompletionStream);
    expect(scope.isDone()).toBe(true);
    expect(collected._unsafeUnwrap().choices).toStrictEqual([
      { index: 0, text: " upon a time", finish_reason: "length" },
    ]);
  });

  test("collectCompletionStream keeps the chunks' other top-level fields, as collectStream does", async () => {
    const extra = { system_fingerprint: "fp_text", service_tier: "default" };
    const scope = nock(origin)
      .post("/v1/completions")
      .reply(200, sse(wireChunks.map((chunk, at) => (at === 1 ? { ...chunk, ...extra } : chunk))), {
        "content-type": "text/event-stream",
      });
    const collected = await client
      .completionStream(newCompletionRequest("m", "Once"))
      .andThen(collectCompletionStream);
    expect(scope.isDone()).toBe(true);
    const { timing: _timing, attempts: _attempts, ...response } = collected._unsafeUnwrap();
    expect(response).toStrictEqual({
      ...base,
      choices: [{ index: 0, text: " upon a time", finish_reason: "length" }],
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
      ...extra,
      latencyMs: 0,
    });
  });

  test("collectCompletionStream concatenates logprobs arrays per field and leaves out fields sent only as null", async () => {
    const piece = (text: string, logprobs: unknown, finish: string | null = null) => ({
      ...base,
      choices: [{ text, index: 0, logprobs, finish_reason: finish }],
    });
    const chunks = [
      piece(" upon", null),
      piece(" a", { tokens: [" a"], token_logprobs: [-0.5], top_logprobs: null, text_offset: [5] }),
      piece(
        " time",
        { tokens: [" time"], token_logprobs: [-0.25], top_logprobs: null, text_offset: [7] },
        "length",
      ),
    ];
    const scope = nock(origin)
      .post("/v1/completions")
      .reply(200, sse(chunks), { "content-type": "text/event-stream" });
    const collected = await client
      .completionStream(newCompletionRequest("m", "Once"))
      .andThen(collectCompletionStream);
    expect(scope.isDone()).toBe(true);
    expect(collected._unsafeUnwrap().choices).toStrictEqual([
      {
        index: 0,
        text: " upon a time",
        finish_reason: "length",
        logprobs: { tokens: [" a", " time"], token_logprobs: [-0.5, -0.25], text_offset: [5, 7] },
      },
    ]);
  });

  test("a stream cut before every choice finished ends with one network error chunk", async () => {
    const chunks = await chunksOf(sse(wireChunks.slice(0, 2), ""));
    expect(chunks.slice(0, 2)).toStrictEqual([stamped(wireChunks[0] ?? {}), stamped(wireChunks[1] ?? {})]);
    expect(chunks[2]).toMatchObject({
      choices: [],
      isLastChunk: true,
      error: { kind: "network", cause: "truncated" },
    });
    expect(chunks).toHaveLength(3);
  });

  test("a chunk whose text is not a string ends the stream with a decode error naming it", async () => {
    const bad = { ...base, choices: [{ text: 5, index: 0, finish_reason: null }] };
    const chunks = await chunksOf(sse([wireChunks[0] ?? {}, bad]));
    expect(chunks.at(-1)).toMatchObject({
      isLastChunk: true,
      error: { kind: "decode", field: "choices.0.text" },
    });
  });

  test("an error event from the server ends the stream with an http error chunk", async () => {
    const body = `${sse([wireChunks[0] ?? {}], "")}event: error\ndata: {"error":{"message":"overloaded","code":503}}\n\n`;
    const chunks = await chunksOf(body);
    expect(chunks.at(-1)).toMatchObject({
      isLastChunk: true,
      error: { kind: "http", status: 503, serverMessage: "overloaded", retryable: true },
    });
  });
});
