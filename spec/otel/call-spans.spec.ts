// chatwire/otel on non-streaming calls: span names, kinds, attributes, events, status, and the duration and
// token metrics with the conventions' units and buckets, against the real OpenTelemetry SDK.
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { StackContextManager } from "@opentelemetry/sdk-trace";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  mistral,
  newChatCompletionRequest,
  newCompletionRequest,
  newUserMessage,
  withBaseUrl,
  withClock,
  withDefaultModel,
  withFrequencyPenalty,
  withMaxRetries,
  withMaxTokens,
  withN,
  withPresencePenalty,
  withProvider,
  withSeed,
  withStop,
  withTemperature,
  withTopK,
  withTopP,
} from "../../lib/index.ts";
import { apiOrigin, baseUrl, okCompletion, testClient } from "../client/nock-server.ts";
import { durationBuckets, newHarness, steppingClock, tokenBuckets } from "./otel-harness.ts";

const contextManager = new StackContextManager();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});

const request = newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]);

describe("a chat completion", () => {
  test("is one CLIENT span `chat {model}` with the request's settings, the answer and chatwire's figures", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withClock(steppingClock()));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion, { "x-request-id": "req-42" });
    const sent = newChatCompletionRequest(
      "gpt-4.1-nano",
      [newUserMessage("Hi")],
      withTemperature(0),
      withTopP(1),
      withTopK(40),
      withMaxTokens(64),
      withFrequencyPenalty(0.5),
      withPresencePenalty(0),
      withStop("END"),
      withSeed(7),
      withN(2),
    );
    const response = (await client.chatCompletion(sent))._unsafeUnwrap();

    const [span, ...others] = otel.finishedSpans();
    expect(others).toStrictEqual([]);
    expect(span?.name).toBe("chat gpt-4.1-nano");
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status).toStrictEqual({ code: SpanStatusCode.UNSET });
    expect(span?.attributes).toStrictEqual({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4.1-nano",
      "server.address": "api.chatwire.test",
      "server.port": 443,
      "gen_ai.request.max_tokens": 64,
      "gen_ai.request.temperature": 0,
      "gen_ai.request.top_p": 1,
      "gen_ai.request.top_k": 40,
      "gen_ai.request.frequency_penalty": 0.5,
      "gen_ai.request.presence_penalty": 0,
      "gen_ai.request.stop_sequences": ["END"],
      "gen_ai.request.seed": 7,
      "gen_ai.request.choice.count": 2,
      "gen_ai.response.id": "chatcmpl-test",
      "gen_ai.response.model": "gpt-4.1-nano",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 3,
      "gen_ai.usage.output_tokens": 2,
      "chatwire.request_id": "req-42",
      "chatwire.headers_latency_ms": response.timing.headersLatencyMs,
      "chatwire.total_latency_ms": response.latencyMs,
      "chatwire.attempt_count": 1,
    });
    expect(span?.events.map((event) => [event.name, event.attributes])).toStrictEqual([
      [
        "chatwire.attempt",
        {
          "chatwire.attempt.index": 0,
          "http.response.status_code": 200,
          "chatwire.attempt.duration_ms": response.attempts[0]?.durationMs,
        },
      ],
    ]);
  });

  test("records gen_ai.client.operation.duration (s, the conventions' buckets) from the response's latencyMs", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withClock(steppingClock()));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    const response = (await client.chatCompletion(request))._unsafeUnwrap();
    expect(response.latencyMs).toBeGreaterThan(0);

    expect(await otel.histogram("gen_ai.client.operation.duration")).toStrictEqual({
      unit: "s",
      points: [
        {
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4.1-nano",
            "server.address": "api.chatwire.test",
            "server.port": 443,
            "gen_ai.response.model": "gpt-4.1-nano",
          },
          count: 1,
          sum: response.latencyMs / 1000,
          boundaries: durationBuckets,
        },
      ],
    });
  });

  test("records gen_ai.client.token.usage ({token}, the conventions' buckets) per token type", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry());
    nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    (await client.chatCompletion(request))._unsafeUnwrap();

    const usage = await otel.histogram("gen_ai.client.token.usage");
    expect(usage?.unit).toBe("{token}");
    const byType = Object.fromEntries(
      (usage?.points ?? []).map((point) => [point.attributes["gen_ai.token.type"], [point.count, point.sum]]),
    );
    expect(byType).toStrictEqual({ input: [1, 3], output: [1, 2] });
    expect(
      usage?.points.every(
        (point) => point.boundaries === tokenBuckets || point.boundaries.join() === tokenBuckets.join(),
      ),
    ).toBe(true);
    // Streaming-only metrics are not recorded for a non-streaming call.
    expect(await otel.histogram("gen_ai.client.operation.time_to_first_chunk")).toBeUndefined();
    expect(await otel.histogram("gen_ai.client.operation.time_per_output_chunk")).toBeUndefined();
  });

  test("shows every attempt and retry wait as events, stamped in order", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withMaxRetries(2));
    nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(500, { error: { message: "boom" } })
      .post("/v1/chat/completions")
      .reply(429, { error: { message: "slow down" } }, { "retry-after-ms": "3" })
      .post("/v1/chat/completions")
      .reply(200, okCompletion);
    const response = (await client.chatCompletion(request))._unsafeUnwrap();
    expect(nock.isDone()).toBe(true);

    const [span] = otel.finishedSpans();
    expect(span?.attributes["chatwire.attempt_count"]).toBe(3);
    const [first, second, third] = response.attempts;
    expect(span?.events.map((event) => [event.name, event.attributes])).toStrictEqual([
      [
        "chatwire.attempt",
        {
          "chatwire.attempt.index": 0,
          "http.response.status_code": 500,
          "error.type": "500",
          "chatwire.attempt.duration_ms": first?.durationMs,
        },
      ],
      [
        "chatwire.retry_wait",
        {
          "chatwire.attempt.index": 0,
          "chatwire.retry_wait.duration_ms": first?.waitMs,
          "chatwire.retry_wait.source": "backoff",
        },
      ],
      [
        "chatwire.attempt",
        {
          "chatwire.attempt.index": 1,
          "http.response.status_code": 429,
          "error.type": "429",
          "chatwire.attempt.duration_ms": second?.durationMs,
        },
      ],
      [
        "chatwire.retry_wait",
        {
          "chatwire.attempt.index": 1,
          "chatwire.retry_wait.duration_ms": 3,
          "chatwire.retry_wait.source": "retry-after",
        },
      ],
      [
        "chatwire.attempt",
        {
          "chatwire.attempt.index": 2,
          "http.response.status_code": 200,
          "chatwire.attempt.duration_ms": third?.durationMs,
        },
      ],
    ]);
    const times = span?.events.map((event) => event.time[0] * 1e9 + event.time[1]) ?? [];
    expect(times).toStrictEqual([...times].sort((a, b) => a - b));
  });

  test("records a failure the conventional way: error.type is the HTTP status, the status ERROR", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry());
    nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(400, { error: { message: "bad temperature" } });
    const error = (await client.chatCompletion(request))._unsafeUnwrapErr();

    const [span] = otel.finishedSpans();
    expect(span?.attributes["error.type"]).toBe("400");
    expect(span?.status).toStrictEqual({ code: SpanStatusCode.ERROR, message: error.message });
    const duration = await otel.histogram("gen_ai.client.operation.duration");
    expect(duration?.points.map((point) => point.attributes["error.type"])).toStrictEqual(["400"]);
    expect(await otel.histogram("gen_ai.client.token.usage")).toBeUndefined();
  });

  test("gives chatwire's error kind as error.type when there is no status", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withMaxRetries(0));
    nock(apiOrigin)
      .post("/v1/chat/completions")
      .replyWithError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    const error = (await client.chatCompletion(request))._unsafeUnwrapErr();
    expect(error.kind).toBe("network");
    expect(otel.finishedSpans()[0]?.attributes["error.type"]).toBe("network");

    const invalid = (
      await client.chatCompletion(newChatCompletionRequest("gpt-4.1-nano", []))
    )._unsafeUnwrapErr();
    expect(invalid.kind).toBe("invalid_request");
    expect(otel.finishedSpans()[1]?.attributes["error.type"]).toBe("invalid_request");
  });

  test("is a child of the active span, and the default model names the span", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry(), withDefaultModel("gpt-4.1-mini"));
    nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    const parent = otel.tracerProvider.getTracer("app").startSpan("handle request");
    await context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
      client.chatCompletion(newChatCompletionRequest("", [newUserMessage("Hi")])),
    );
    parent.end();

    const [span] = otel.spansNamed("chat gpt-4.1-mini");
    expect(span?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span?.spanContext().traceId).toBe(parent.spanContext().traceId);
  });
});

describe("providers, text completions and the model list", () => {
  test("a preset gives the conventions' provider name (mistral: mistral_ai)", async () => {
    const otel = newHarness();
    const client = testClient(withProvider(mistral()), withBaseUrl(baseUrl), otel.telemetry());
    nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    (await client.chatCompletion(request))._unsafeUnwrap();
    expect(otel.finishedSpans()[0]?.attributes["gen_ai.provider.name"]).toBe("mistral_ai");
  });

  test("a text completion is `text_completion {model}`", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry());
    nock(apiOrigin)
      .post("/v1/completions")
      .reply(200, {
        id: "cmpl-1",
        object: "text_completion",
        model: "gpt-3.5-turbo-instruct",
        choices: [{ index: 0, text: " upon a time", finish_reason: "length" }],
        usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
      });
    (await client.completion(newCompletionRequest("gpt-3.5-turbo-instruct", "Once")))._unsafeUnwrap();
    const [span] = otel.finishedSpans();
    expect(span?.name).toBe("text_completion gpt-3.5-turbo-instruct");
    expect(span?.attributes["gen_ai.operation.name"]).toBe("text_completion");
    expect(span?.attributes["gen_ai.response.finish_reasons"]).toStrictEqual(["length"]);
  });

  test("the model list is a `list_models` span", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry());
    nock(apiOrigin)
      .get("/v1/models")
      .reply(200, { object: "list", data: [{ id: "gpt-4.1-nano" }] });
    (await client.listModels())._unsafeUnwrap();
    const [span] = otel.finishedSpans();
    expect(span?.name).toBe("list_models");
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes["gen_ai.operation.name"]).toBe("list_models");
    expect(span?.attributes["gen_ai.request.model"]).toBeUndefined();
  });
});
