import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  type ClientOption,
  newChatCompletionRequest,
  newClient,
  newRouter,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withClock,
  withFallbackModels,
  withFetch,
  withMaxRetries,
  withMaxRetryDelay,
  withRoute,
  withRouterClock,
} from "../../lib/index.ts";
import { newVirtualScheduler, replayTraffic } from "../../lib/testing/index.ts";
import { newPacedServer } from "../streaming/support/paced-fetch.ts";
import { llamaRecording, responseFixture, responseFixtureText, sentBody } from "./timing-fixtures.ts";

const request = newChatCompletionRequest("m", [newUserMessage("Hi")]);
const near = (ms: number) => expect.closeTo(ms, 6);

/** The llama.cpp figures of recordings/llama-server/01-basic-chat.json, normalised. */
const llama01Server = {
  format: "llama.cpp",
  promptMs: 12.611,
  decodeMs: 57.697,
  promptTokens: 21,
  cachedPromptTokens: 5,
  outputTokens: 24,
  promptTokensPerSecond: 1665.21290936484,
  outputTokensPerSecond: 398.6342444147876,
} as const;

let now = 0;
/** A client on a nock host whose clock only moves when a reply moves it. */
const clientOn = (host: string, ...options: ClientOption[]) =>
  newClient(
    withBaseUrl(`https://${host}/v1`),
    withApiKey("sk-timing-test-key"),
    withClock(() => now),
    ...options,
  );

/** Answers one call after `ms` on the fake clock. */
const replyAfter =
  (ms: number, status: number, body: unknown, headers: Record<string, string> = {}) =>
  () => {
    now += ms;
    return [status, body, { "content-type": "application/json", ...headers }] as const;
  };

describe("a non-streaming response's timing", () => {
  test("headers and total measured apart; attempts; no chunk fields and no server fields when none were sent", async () => {
    // Headers at 40, the body's one read at 75 and its end at 90, on a clock that starts the call at 10.
    const server = newPacedServer(40, [
      { atMs: 75, text: JSON.stringify(responseFixture("openai/text.json")) },
      { atMs: 90, text: undefined },
    ]);
    server.setNow(10);
    const client = newClient(
      withBaseUrl("https://paced.test/v1"),
      withFetch(server.fetch),
      withClock(server.clock),
    );
    const response = (await client.chatCompletion(request))._unsafeUnwrap();
    expect(response.latencyMs).toBe(80);
    expect(response.timing).toStrictEqual({
      headersLatencyMs: 30,
      totalLatencyMs: 80,
      attempts: [{ status: 200, durationMs: 30, waitMs: 0 }],
    });
    expect(JSON.parse(JSON.stringify(response.timing))).toStrictEqual(response.timing);
  });

  test("llama.cpp 01, replayed at its recorded pace: its timings and the split of the call's time", async () => {
    const recording = await llamaRecording("01-basic-chat");
    const [exchange] = recording.exchanges;
    const time = newVirtualScheduler();
    const client = newClient(
      withBaseUrl("http://llama.local/v1"),
      withClock(time.now),
      withFetch(replayTraffic(recording, { scheduler: time })),
    );
    const body = sentBody(exchange!);
    const response = (
      await client.chatCompletion(newChatCompletionRequest(body.model, body.messages))
    )._unsafeUnwrap();
    // Recorded: headers at 86.192 ms, the body's one piece at 86.506 ms; prompt 12.611 ms, decoding 57.697 ms.
    expect(response.timing).toStrictEqual({
      headersLatencyMs: near(86.192),
      totalLatencyMs: near(86.506),
      attempts: [{ status: 200, durationMs: near(86.192), waitMs: 0 }],
      server: llama01Server,
      breakdown: { retriesMs: 0, overheadMs: near(16.198), promptMs: 12.611, decodeMs: 57.697 },
    });
  });

  test("Groq: queue, prompt and decoding from its usage, in ms; overhead is the rest of the call", async () => {
    now = 0;
    const scope = nock("https://groq.test")
      .post("/v1/chat/completions")
      .reply(replyAfter(300, 200, responseFixtureText("groq/tool-call.json")));
    const response = (await clientOn("groq.test").chatCompletion(request))._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    expect(response.timing).toStrictEqual({
      headersLatencyMs: 300,
      totalLatencyMs: 300,
      attempts: [{ status: 200, durationMs: 300, waitMs: 0 }],
      server: {
        format: "groq",
        queueMs: 179.481775,
        promptMs: 11.82836,
        decodeMs: 44.602289,
        totalMs: 56.430649,
      },
      // 300 − (179.481775 + 11.82836 + 44.602289)
      breakdown: {
        retriesMs: 0,
        overheadMs: 64.087576,
        queueMs: 179.481775,
        promptMs: 11.82836,
        decodeMs: 44.602289,
      },
    });
  });

  test("SambaNova: its time to first token is queue and prompt together", async () => {
    now = 0;
    const scope = nock("https://sambanova.test")
      .post("/v1/chat/completions")
      .reply(replyAfter(100, 200, responseFixtureText("sambanova/text-usage-timings.json")));
    const response = (await clientOn("sambanova.test").chatCompletion(request))._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    expect(response.timing.breakdown).toStrictEqual({
      retriesMs: 0,
      overheadMs: 51.553106,
      queueAndPromptMs: 27.041435,
      decodeMs: 21.405459,
    });
  });

  test("server figures longer than the call on the client's clock: kept, but no breakdown", async () => {
    now = 0;
    const scope = nock("https://groq.test")
      .post("/v1/chat/completions")
      .reply(replyAfter(100, 200, responseFixtureText("groq/tool-call.json")));
    const { timing } = (await clientOn("groq.test").chatCompletion(request))._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    expect(timing.server?.format).toBe("groq");
    expect(timing).not.toHaveProperty("breakdown");
  });

  test("retries: each attempt's status, duration and wait with its source; retries counted in the breakdown", async () => {
    now = 0;
    const llamaBody = (await llamaRecording("01-basic-chat")).exchanges[0]!.response.body;
    const scope = nock("https://retry.test")
      .post("/v1/chat/completions")
      .reply(replyAfter(30, 429, { error: { message: "slow down" } }, { "retry-after": "0" }))
      .post("/v1/chat/completions")
      .reply(replyAfter(20, 503, { error: { message: "overloaded" } }))
      .post("/v1/chat/completions")
      .reply(replyAfter(86, 200, llamaBody));
    // A 1 ms cap makes the back-off 1 ms whatever the jitter.
    const client = clientOn("retry.test", withMaxRetries(2), withMaxRetryDelay(1));
    const response = (await client.chatCompletion(request))._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    const attempts = [
      { status: 429, errorKind: "http", durationMs: 30, waitMs: 0, waitSource: "retry-after" },
      { status: 503, errorKind: "http", durationMs: 20, waitMs: 1, waitSource: "backoff" },
      { status: 200, durationMs: 86, waitMs: 0 },
    ];
    expect(response.attempts).toStrictEqual(attempts);
    expect(response.timing).toStrictEqual({
      headersLatencyMs: 136,
      totalLatencyMs: 136,
      attempts,
      server: llama01Server,
      // 136 − 50 of retries − 12.611 − 57.697
      breakdown: { retriesMs: 50, overheadMs: 15.692, promptMs: 12.611, decodeMs: 57.697 },
    });
  });

  test("a model list has the call's timing too", async () => {
    now = 0;
    const scope = nock("https://models.test")
      .get("/v1/models")
      .reply(replyAfter(12, 200, { object: "list", data: [] }));
    const list = (await clientOn("models.test").listModels())._unsafeUnwrap();
    expect(scope.isDone()).toBe(true);
    expect(list.timing).toStrictEqual({
      headersLatencyMs: 12,
      totalLatencyMs: 12,
      attempts: [{ status: 200, durationMs: 12, waitMs: 0 }],
    });
  });
});

describe("a routed call that fell back", () => {
  test("its timing is the answering call's; the failed route's time is in routeAttempts", async () => {
    now = 0;
    const llamaBody = (await llamaRecording("01-basic-chat")).exchanges[0]!.response.body;
    const primary = nock("https://primary.test")
      .post("/v1/chat/completions")
      .times(2)
      .reply(replyAfter(10, 503, { error: { message: "overloaded" } }, { "retry-after-ms": "1" }));
    const backup = nock("https://backup.test")
      .post("/v1/chat/completions")
      .reply(replyAfter(80, 200, llamaBody));
    const router = newRouter(
      withRoute("primary", clientOn("primary.test", withMaxRetries(1), withMaxRetryDelay(5))),
      withRoute("backup", clientOn("backup.test")),
      withRouterClock(() => now),
    );
    const routed = newChatCompletionRequest(
      "primary/a",
      [newUserMessage("Hi")],
      withFallbackModels("backup/b"),
    );
    const response = (await router.chatCompletion(routed))._unsafeUnwrap();
    expect(primary.isDone() && backup.isDone()).toBe(true);
    expect(response.timing).toStrictEqual({
      headersLatencyMs: 80,
      totalLatencyMs: 80,
      attempts: [{ status: 200, durationMs: 80, waitMs: 0 }],
      server: llama01Server,
      breakdown: { retriesMs: 0, overheadMs: 9.692, promptMs: 12.611, decodeMs: 57.697 },
    });
    expect(
      response.routeAttempts.map(({ error, ...attempt }) => ({
        ...attempt,
        attempts: error?.kind === "http" ? error.attempts : undefined,
      })),
    ).toStrictEqual([
      {
        provider: "primary",
        model: "a",
        endpoint: "primary",
        latencyMs: 20,
        attempts: [
          { status: 503, errorKind: "http", durationMs: 10, waitMs: 1, waitSource: "retry-after" },
          { status: 503, errorKind: "http", durationMs: 10, waitMs: 0 },
        ],
      },
      { provider: "backup", model: "b", endpoint: "backup", latencyMs: 80, attempts: undefined },
    ]);
  });
});
