// chatwire/otel on streams: the span ends exactly when the stream does (finished, failed, left early,
// aborted), and the chunk metrics come from chatwire's own chunk stamps.
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import { SpanStatusCode } from "@opentelemetry/api";
import { type SpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import nock from "nock";
import { afterEach, describe, expect, test } from "vitest";
import {
  type CompletionChunk,
  collectStream,
  newChatCompletionStreamRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withClock,
  withMaxRetries,
  withStreamUsage,
} from "../../lib/index.ts";
import { withTelemetry } from "../../lib/otel/index.ts";
import { apiOrigin, testClient } from "../client/nock-server.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";
import { durationBuckets, newHarness, steppingClock } from "./otel-harness.ts";

const recorded = readFileSync(
  new URL("../fixtures/streams/openai/text-with-usage.sse", import.meta.url),
  "utf8",
);
const request = newChatCompletionStreamRequest("gpt-4o", [newUserMessage("Hi")], withStreamUsage());
const sse = { "content-type": "text/event-stream" };

describe("chatCompletion on a request marked for streaming", () => {
  test("is one span that says it streamed, with the collected answer's attributes", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withClock(steppingClock()));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, recorded, sse);
    const response = (await client.chatCompletion(request))._unsafeUnwrap();
    const [span, ...others] = otel.finishedSpans();
    expect(others).toStrictEqual([]);
    expect(span?.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.stream": true,
      "gen_ai.response.id": response.id,
      "gen_ai.usage.output_tokens": 30,
    });
  });
});

describe("a stream's output, with captureContent", () => {
  test.each([
    "mistral/tool-call-incremental.sse",
    "mistral/tool-call-single-chunk.sse",
    "openai/parallel-tool-calls.sse",
  ])("is the answer collectStream assembles: %s", async (name) => {
    const body = readFileSync(new URL(`../fixtures/streams/${name}`, import.meta.url), "utf8");
    const otel = newHarness();
    nock(apiOrigin).post("/v1/chat/completions").reply(200, body, sse);
    const client = testClient(otel.telemetry({ captureContent: true }), withClock(steppingClock()));
    for await (const _chunk of await client.chatCompletionStream(request));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, body, sse);
    const collected = (
      await testClient().chatCompletionStream(request).andThen(collectStream)
    )._unsafeUnwrap();
    const messages = JSON.parse(String(otel.finishedSpans()[0]?.attributes["gen_ai.output.messages"]));
    const calls = messages[0].parts.filter((part: { type: string }) => part.type === "tool_call");
    const expected = collected.choices[0]?.message.tool_calls ?? [];
    expect(expected.length).toBeGreaterThan(0);
    expect(calls.map((call: { name: string }) => call.name)).toStrictEqual(
      expected.map((call) => call.function.name),
    );
    expect(calls.map((call: { arguments: unknown }) => call.arguments)).toStrictEqual(
      expected.map((call) => JSON.parse(call.function.arguments)),
    );
  });
});

describe("a stream that finishes", () => {
  test("ends its span with the last chunk, not before, with the answer's attributes", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withClock(steppingClock()));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, recorded, sse);
    const stream = (await client.chatCompletionStream(request))._unsafeUnwrap();
    const chunks: CompletionChunk[] = [];
    const endedBefore: number[] = [];
    for await (const chunk of stream) {
      endedBefore.push(otel.finishedSpans().length);
      chunks.push(chunk);
    }
    // Open while any chunk but the last was handed over; ended once the last one was.
    expect(endedBefore.slice(0, -1).every((count) => count === 0)).toBe(true);
    const [span, ...others] = otel.finishedSpans();
    expect(others).toStrictEqual([]);
    const first = chunks[0] as CompletionChunk;
    const last = chunks.at(-1) as CompletionChunk;
    expect(last.isLastChunk).toBe(true);
    expect(span?.name).toBe("chat gpt-4o");
    expect(span?.status).toStrictEqual({ code: SpanStatusCode.UNSET });
    expect(span?.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.stream": true,
      "gen_ai.response.id": "chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL",
      "gen_ai.response.model": "gpt-4o-2024-08-06",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 14,
      "gen_ai.usage.output_tokens": 30,
      "gen_ai.usage.reasoning.output_tokens": 0,
      "gen_ai.response.time_to_first_chunk": first.totalLatencyMs / 1000,
      "chatwire.headers_latency_ms": stream.headersLatencyMs,
      "chatwire.total_latency_ms": last.totalLatencyMs,
      "chatwire.chunk_count": chunks.length,
      "chatwire.attempt_count": 1,
    });
    expect(span?.attributes["error.type"]).toBeUndefined();
  });

  test("time to first chunk and time per output chunk are chatwire's own chunk stamps, in seconds", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withClock(steppingClock()));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, recorded, sse);
    const chunks: CompletionChunk[] = [];
    for await (const chunk of (await client.chatCompletionStream(request))._unsafeUnwrap())
      chunks.push(chunk);
    const [first, ...rest] = chunks as [CompletionChunk, ...CompletionChunk[]];
    const attributes = {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o",
      "server.address": "api.chatwire.test",
      "server.port": 443,
      "gen_ai.response.model": "gpt-4o-2024-08-06",
    };

    expect(await otel.histogram("gen_ai.client.operation.time_to_first_chunk")).toStrictEqual({
      unit: "s",
      points: [{ attributes, count: 1, sum: first.totalLatencyMs / 1000, boundaries: durationBuckets }],
    });
    const perChunk = await otel.histogram("gen_ai.client.operation.time_per_output_chunk");
    expect(perChunk?.unit).toBe("s");
    expect(perChunk?.points).toHaveLength(1);
    expect(perChunk?.points[0]?.attributes).toStrictEqual(attributes);
    expect(perChunk?.points[0]?.boundaries).toStrictEqual(durationBuckets);
    expect(perChunk?.points[0]?.count).toBe(rest.length);
    expect(perChunk?.points[0]?.sum).toBeCloseTo(
      rest.reduce((sum, chunk) => sum + chunk.chunkLatencyMs / 1000, 0),
      9,
    );
    const duration = await otel.histogram("gen_ai.client.operation.duration");
    expect(duration?.points.map((point) => [point.count, point.sum])).toStrictEqual([
      [1, (chunks.at(-1) as CompletionChunk).totalLatencyMs / 1000],
    ]);
    const usage = await otel.histogram("gen_ai.client.token.usage");
    expect(usage?.points.map((point) => [point.attributes["gen_ai.token.type"], point.sum])).toStrictEqual([
      ["input", 14],
      ["output", 30],
    ]);
  });
});

describe("a stream whose first chunk names no id or model (Azure's prompt-filter chunk)", () => {
  test("takes the first non-empty id and model, as collectStream does, for the span and the chunk metrics", async () => {
    const body = readFileSync(
      new URL("../fixtures/streams/azure-openai/model-router-prompt-filter-first.sse", import.meta.url),
      "utf8",
    );
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withClock(steppingClock()));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, body, sse);
    for await (const _chunk of await client.chatCompletionStream(request));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, body, sse);
    const collected = (
      await testClient().chatCompletionStream(request).andThen(collectStream)
    )._unsafeUnwrap();

    expect(collected.id).not.toBe("");
    expect(otel.finishedSpans()[0]?.attributes).toMatchObject({
      "gen_ai.response.id": collected.id,
      "gen_ai.response.model": collected.model,
    });
    const perChunk = await otel.histogram("gen_ai.client.operation.time_per_output_chunk");
    expect(perChunk?.points.map((point) => point.attributes["gen_ai.response.model"])).toStrictEqual([
      collected.model,
    ]);
  });
});

describe("a stream that fails", () => {
  test("a stream cut short ends its span on the error chunk, error.type network, status ERROR", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withMaxRetries(0));
    const cut = recorded.slice(0, recorded.indexOf("data:", 600));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, cut, sse);
    const chunks: CompletionChunk[] = [];
    for await (const chunk of (await client.chatCompletionStream(request))._unsafeUnwrap())
      chunks.push(chunk);
    const last = chunks.at(-1) as CompletionChunk;
    expect(last.error?.kind).toBe("network");

    const [span] = otel.finishedSpans();
    expect(span?.attributes["error.type"]).toBe("network");
    expect(span?.status).toStrictEqual({ code: SpanStatusCode.ERROR, message: last.error?.message });
    expect(span?.attributes["chatwire.chunk_count"]).toBe(chunks.length - 1);
    const duration = await otel.histogram("gen_ai.client.operation.duration");
    expect(duration?.points.map((point) => point.attributes["error.type"])).toStrictEqual(["network"]);
  });

  test("a stream that does not open ends its span at once with the HTTP status", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withMaxRetries(0));
    nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(503, { error: { message: "overloaded" } });
    const error = (await client.chatCompletionStream(request))._unsafeUnwrapErr();
    const [span] = otel.finishedSpans();
    expect(span?.attributes["error.type"]).toBe("503");
    expect(span?.status).toStrictEqual({ code: SpanStatusCode.ERROR, message: error.message });
    expect(await otel.histogram("gen_ai.client.operation.time_to_first_chunk")).toBeUndefined();
  });
});

describe("a stream left early", () => {
  test("`break` ends the span then, marked cancelled, not as an error", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry());
    nock(apiOrigin).post("/v1/chat/completions").reply(200, recorded, sse);
    let read = 0;
    for await (const _chunk of (await client.chatCompletionStream(request))._unsafeUnwrap()) {
      read++;
      expect(otel.finishedSpans()).toHaveLength(0);
      if (read === 3) break;
    }
    const [span] = otel.finishedSpans();
    expect(span?.attributes).toMatchObject({ "chatwire.stream.cancelled": true, "chatwire.chunk_count": 3 });
    expect(span?.attributes["error.type"]).toBeUndefined();
    expect(span?.status).toStrictEqual({ code: SpanStatusCode.UNSET });
    const perChunk = await otel.histogram("gen_ai.client.operation.time_per_output_chunk");
    expect(perChunk?.points[0]?.count).toBe(2);
  });
});

describe("a stream aborted", () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  });

  test("the caller's signal ends the span with error.type aborted", async () => {
    let held: ServerResponse | undefined;
    const server = createServer((_request, response) => {
      response.writeHead(200, sse);
      response.write(`${recorded.split("\n\n").slice(0, 2).join("\n\n")}\n\n`);
      held = response;
    });
    servers.push(server);
    const origin = await listenOnLoopback(server);
    const otel = newHarness();
    const client = newClient(withBaseUrl(`${origin}/v1`), withApiKey("sk-abort-0123"), otel.telemetry());
    const controller = new AbortController();
    const chunks: CompletionChunk[] = [];
    for await (const chunk of (
      await client.chatCompletionStream(request, { signal: controller.signal })
    )._unsafeUnwrap()) {
      chunks.push(chunk);
      expect(otel.finishedSpans()).toHaveLength(chunk.isLastChunk ? 1 : 0);
      if (chunks.length === 1) controller.abort();
    }
    expect(held).toBeDefined();
    expect(chunks.at(-1)?.error?.kind).toBe("aborted");
    const [span] = otel.finishedSpans();
    expect(span?.attributes["error.type"]).toBe("aborted");
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("an OpenTelemetry pipeline that throws", () => {
  test("a span processor that throws as a span starts breaks no call: the stream opens and reads whole", async () => {
    const broken: SpanProcessor = {
      onStart: () => {
        throw new Error("the processor broke");
      },
      onEnd: () => undefined,
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const client = testClient(
      withTelemetry({ tracerProvider: new TracerProvider({ spanProcessors: [broken] }) }),
    );
    nock(apiOrigin).post("/v1/chat/completions").reply(200, recorded, sse);
    const opened = await client.chatCompletionStream(request);
    const chunks: CompletionChunk[] = [];
    for await (const chunk of opened) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.filter((chunk) => chunk.error !== undefined)).toStrictEqual([]);
    expect(chunks.at(-1)?.isLastChunk).toBe(true);
  });
});
