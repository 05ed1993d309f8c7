import { describe, expect, test } from "vitest";
import {
  type ClientOption,
  type CompletionChunk,
  collectStream,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newRouter,
  newUserMessage,
  streamTiming,
  withBaseUrl,
  withClock,
  withFallbackModels,
  withFetch,
  withMaxRetries,
  withRoute,
  withRouterClock,
  withStreamUsage,
} from "../../lib/index.ts";
import {
  newVirtualScheduler,
  type RecordedExchange,
  type ReplayScheduler,
  replayTraffic,
  type TimedRecording,
} from "../../lib/testing/index.ts";
import { newPacedServer } from "../streaming/support/paced-fetch.ts";
import { llamaRecording, sentBody } from "./timing-fixtures.ts";

const near = (ms: number) => expect.closeTo(ms, 6);

/** The stream request a recorded exchange was made with. */
const recordedStreamRequest = (exchange: RecordedExchange) => {
  const body = sentBody(exchange);
  return newChatCompletionStreamRequest(body.model, body.messages);
};

/** A client that replays the recording on the virtual time source, at the recorded pace. */
const replayClient = (recording: TimedRecording, time: ReplayScheduler, ...options: ClientOption[]) =>
  newClient(
    withBaseUrl("http://llama.local/v1"),
    withClock(time.now),
    withFetch(replayTraffic(recording, { scheduler: time })),
    ...options,
  );

/** The one streamed exchange of a llama.cpp recording, alone. */
async function streamedExchange(
  name: string,
): Promise<{ recording: TimedRecording; exchange: RecordedExchange }> {
  const recording = await llamaRecording(name);
  const exchange = recording.exchanges.find((candidate) => sentBody(candidate).stream === true)!;
  return { recording: { ...recording, exchanges: [exchange] }, exchange };
}

/**
 * A 503 answered `atMs` after the request, asking for a retry at once. A scenario, not a recording of a
 * real server: the 200 exchanges around it are.
 */
function busyExchange(atMs: number): RecordedExchange {
  const body = JSON.stringify({ error: { message: "server busy", type: "unavailable_error" } });
  return {
    request: { method: "POST", path: "/v1/chat/completions", headers: {}, body: "" },
    response: {
      status: 503,
      headersAtMs: atMs,
      headers: { "content-type": "application/json", "retry-after": "0" },
      chunks: [{ atMs, base64: Buffer.from(body).toString("base64") }],
      body,
    },
  };
}

/** What llama.cpp reported on the last chunk of recordings/llama-server/04-streaming-with-usage.json. */
const llama04Server = {
  format: "llama.cpp",
  promptMs: 3.126,
  decodeMs: 66.078,
  promptTokens: 9,
  cachedPromptTokens: 24,
  outputTokens: 32,
  promptTokensPerSecond: 2879.0786948176583,
  outputTokensPerSecond: 469.1425285268924,
} as const;

/**
 * The timing of the 04 stream, from its recorded arrivals: headers at 8.065 ms, 35 chunks from 8.738 ms
 * (content from the first) to 76.281 ms, gaps median 2.12, p90 2.21, p99 and max 4.027 ms; 32 completion
 * tokens, so 31 after the first over 67.543 ms.
 */
const llama04Timing = {
  headersLatencyMs: near(8.065),
  totalLatencyMs: near(76.281),
  attempts: [{ status: 200, durationMs: near(8.065), waitMs: 0 }],
  server: llama04Server,
  breakdown: { retriesMs: 0, overheadMs: near(7.077), promptMs: 3.126, decodeMs: 66.078 },
  chunkCount: 35,
  timeToFirstChunkMs: near(8.738),
  timeToFirstTokenMs: near(8.738),
  timeToFirstContentMs: near(8.738),
  interChunkMedianMs: near(2.12),
  interChunkP90Ms: near(2.21),
  interChunkP99Ms: near(4.027),
  interChunkMaxMs: near(4.027),
  outputTokensPerSecond: near(458.966880357698),
};

describe("a collected stream's timing, from real llama.cpp streams replayed at their recorded pace", () => {
  test("04 (usage on): every figure, the server's timings and the split of the call's time", async () => {
    const { recording, exchange } = await streamedExchange("04-streaming-with-usage");
    const time = newVirtualScheduler();
    const opened = await replayClient(recording, time).chatCompletionStream(recordedStreamRequest(exchange));
    const response = (await opened.asyncAndThen(collectStream))._unsafeUnwrap();
    expect(response.timing).toStrictEqual(llama04Timing);
    expect(response.latencyMs).toBe(response.timing.totalLatencyMs);
  });

  test("02 (no usage): no output speed, never guessed; the server's figures still read from the last chunk", async () => {
    const { recording, exchange } = await streamedExchange("02-streaming-chat");
    const time = newVirtualScheduler();
    const opened = await replayClient(recording, time).chatCompletionStream(recordedStreamRequest(exchange));
    const { timing } = (await opened.asyncAndThen(collectStream))._unsafeUnwrap();
    expect(timing).not.toHaveProperty("outputTokensPerSecond");
    // The last chunk arrived at 145.805 ms; [DONE] at 145.84 ms is not a chunk.
    expect(timing).toMatchObject({
      totalLatencyMs: near(145.805),
      chunkCount: 66,
      timeToFirstChunkMs: near(11.33),
      server: { format: "llama.cpp", promptMs: 3.891, decodeMs: 137.315, outputTokens: 64 },
      breakdown: { retriesMs: 0, overheadMs: near(4.599), promptMs: 3.891, decodeMs: 137.315 },
    });
  });

  test("06 (a streamed tool call): the first token is the tool-call delta, long after the first chunk", async () => {
    const { recording, exchange } = await streamedExchange("06-tool-calling");
    const time = newVirtualScheduler();
    const opened = await replayClient(recording, time).chatCompletionStream(recordedStreamRequest(exchange));
    const { timing } = (await opened.asyncAndThen(collectStream))._unsafeUnwrap();
    expect(timing).toMatchObject({
      chunkCount: 15,
      timeToFirstChunkMs: near(18.22),
      timeToFirstTokenMs: near(216.821),
      timeToFirstContentMs: near(216.821),
      totalLatencyMs: near(419.7),
      // 36 completion tokens: 35 over 419.7 − 216.821 ms.
      outputTokensPerSecond: near(172.5166232089078),
    });
  });

  test("a stream retried before it opened: the 503's attempt and the retry's share of the time", async () => {
    const { recording, exchange } = await streamedExchange("04-streaming-with-usage");
    const time = newVirtualScheduler();
    const retried = { ...recording, exchanges: [busyExchange(25), exchange] };
    const client = replayClient(retried, time, withMaxRetries(1));
    const opened = await client.chatCompletionStream(recordedStreamRequest(exchange));
    const { timing } = (await opened.asyncAndThen(collectStream))._unsafeUnwrap();
    expect(timing).toMatchObject({
      headersLatencyMs: near(33.065),
      totalLatencyMs: near(101.281),
      attempts: [
        { status: 503, errorKind: "http", durationMs: near(25), waitMs: 0, waitSource: "retry-after" },
        { status: 200, durationMs: near(8.065), waitMs: 0 },
      ],
      timeToFirstChunkMs: near(33.738),
      breakdown: { retriesMs: near(25), overheadMs: near(7.077), promptMs: 3.126, decodeMs: 66.078 },
    });
  });
});

describe("streamTiming: the same figures for a stream you iterate yourself", () => {
  test("over the chunks handed over, it equals what collectStream reports", async () => {
    const { recording, exchange } = await streamedExchange("05-json-schema");
    const request = recordedStreamRequest(exchange);
    const byHand = (
      await replayClient(recording, newVirtualScheduler()).chatCompletionStream(request)
    )._unsafeUnwrap();
    expect(streamTiming(byHand, [])).toStrictEqual({
      headersLatencyMs: near(7.517),
      totalLatencyMs: near(7.517),
      attempts: [{ status: 200, durationMs: near(7.517), waitMs: 0 }],
      chunkCount: 0,
    });
    const chunks: CompletionChunk[] = [];
    for await (const chunk of byHand) chunks.push(chunk);
    const collected = await (
      await replayClient(recording, newVirtualScheduler()).chatCompletionStream(request)
    ).asyncAndThen(collectStream);
    expect(streamTiming(byHand, chunks)).toStrictEqual(collected._unsafeUnwrap().timing);
    expect(streamTiming(byHand, chunks)).toMatchObject({
      chunkCount: 24,
      timeToFirstChunkMs: near(24.111),
      timeToFirstTokenMs: near(61.804),
      totalLatencyMs: near(318.837),
      outputTokensPerSecond: near(97.2637754685196),
    });
  });
});

describe("reasoning first, then the answer, on an injected clock", () => {
  const chunk = (fields: string) => `data: {"id":"c","model":"m",${fields}}\n\n`;
  const delta = (json: string) => chunk(`"choices":[{"index":0,"delta":${json},"finish_reason":null}]`);

  test("time to first token is the first reasoning delta; time to first content, the first answer delta", async () => {
    const server = newPacedServer(20, [
      { atMs: 100, text: delta('{"role":"assistant","content":""}') },
      { atMs: 150, text: delta('{"reasoning":"Let me think"}') },
      { atMs: 300, text: delta('{"content":"Hi"}') },
      { atMs: 350, text: chunk('"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]') },
      { atMs: 400, text: chunk('"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5}') },
      { atMs: 410, text: "data: [DONE]\n\n" },
    ]);
    const client = newClient(
      withBaseUrl("https://paced.test/v1"),
      withFetch(server.fetch),
      withClock(server.clock),
    );
    const request = newChatCompletionStreamRequest("m", [newUserMessage("Hi")], withStreamUsage());
    const { timing } = (
      await (await client.chatCompletionStream(request)).asyncAndThen(collectStream)
    )._unsafeUnwrap();
    expect(timing).toStrictEqual({
      headersLatencyMs: 20,
      totalLatencyMs: 400,
      attempts: [{ status: 200, durationMs: 20, waitMs: 0 }],
      chunkCount: 5,
      timeToFirstChunkMs: 100,
      timeToFirstTokenMs: 150,
      timeToFirstContentMs: 300,
      interChunkMedianMs: 50,
      interChunkP90Ms: 150,
      interChunkP99Ms: 150,
      interChunkMaxMs: 150,
      // 4 tokens after the first, over 400 − 150 ms.
      outputTokensPerSecond: 16,
    });
  });
});

describe("a routed stream that fell back", () => {
  test("its timing is the answering call's; the failed route's time is in routeAttempts", async () => {
    const { recording, exchange } = await streamedExchange("04-streaming-with-usage");
    const time = newVirtualScheduler();
    const busy = { ...recording, exchanges: [busyExchange(25)] };
    const router = newRouter(
      withRoute("primary", replayClient(busy, time, withMaxRetries(0))),
      withRoute("backup", replayClient(recording, time)),
      withRouterClock(time.now),
    );
    const body = sentBody(exchange);
    const request = newChatCompletionRequest(
      `primary/${body.model}`,
      body.messages,
      withFallbackModels(`backup/${body.model}`),
    );
    const opened = (await router.chatCompletionStream(request))._unsafeUnwrap();
    expect(opened.routeAttempts.map(({ provider, latencyMs }) => ({ provider, latencyMs }))).toStrictEqual([
      { provider: "primary", latencyMs: near(25) },
      // A routed stream opens at its first content.
      { provider: "backup", latencyMs: near(8.738) },
    ]);
    expect((await collectStream(opened))._unsafeUnwrap().timing).toStrictEqual(llama04Timing);
  });
});
