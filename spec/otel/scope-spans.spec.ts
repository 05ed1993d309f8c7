// chatwire/otel above the client: a tool run is an `invoke_agent` span holding its model calls and one
// `execute_tool {name}` span per tool call; a routed call is a `route {model}` span naming the route
// that answered and every attempt, each attempt's client call its child.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import nock from "nock";
import * as v from "valibot";
import { describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newClient,
  newFunctionTool,
  newRouter,
  newUserMessage,
  runTools,
  runToolsStream,
  withApiKey,
  withBaseUrl,
  withFallbackModels,
  withMaxRetries,
  withRoute,
  withTools,
} from "../../lib/index.ts";
import { apiOrigin, testClient } from "../client/nock-server.ts";
import { newHarness } from "./otel-harness.ts";

const getWeather = newFunctionTool({
  name: "get_weather",
  description: "The weather in a city",
  parameters: v.object({ city: v.string() }),
});
const request = newChatCompletionRequest(
  "gpt-4.1-nano",
  [newUserMessage("Weather in Paris?")],
  withTools([getWeather]),
);
const toolCallAnswer = {
  id: "chatcmpl-1",
  object: "chat.completion",
  model: "gpt-4.1-nano",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
        ],
      },
      finish_reason: "tool_calls",
    },
  ],
  usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
};
const finalAnswer = {
  id: "chatcmpl-2",
  object: "chat.completion",
  model: "gpt-4.1-nano",
  choices: [{ index: 0, message: { role: "assistant", content: "21 °C in Paris." }, finish_reason: "stop" }],
  usage: { prompt_tokens: 30, completion_tokens: 6, total_tokens: 36 },
};

const parentOf = (span: ReadableSpan | undefined): string | undefined => span?.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan | undefined): string | undefined => span?.spanContext().spanId;

describe("runTools", () => {
  test("one invoke_agent span holds the model calls and an execute_tool span per tool call", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry());
    nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, toolCallAnswer)
      .post("/v1/chat/completions")
      .reply(200, finalAnswer);
    const run = await runTools(
      client,
      request,
      { get_weather: ({ city }) => ({ city, celsius: 21 }) },
      { tools: [getWeather] },
    );
    expect(run.isOk()).toBe(true);

    const [agent] = otel.spansNamed("invoke_agent");
    const chats = otel.spansNamed("chat gpt-4.1-nano");
    const [tool] = otel.spansNamed("execute_tool get_weather");
    expect(agent?.kind).toBe(SpanKind.INTERNAL);
    expect(agent?.attributes).toStrictEqual({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4.1-nano",
      "gen_ai.response.id": "chatcmpl-2",
      "gen_ai.response.model": "gpt-4.1-nano",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 30,
      "gen_ai.usage.output_tokens": 6,
      "chatwire.tool_run.step_count": 2,
    });
    expect(chats).toHaveLength(2);
    expect(chats.map(parentOf)).toStrictEqual([idOf(agent), idOf(agent)]);
    expect(tool?.kind).toBe(SpanKind.INTERNAL);
    expect(parentOf(tool)).toBe(idOf(agent));
    expect(tool?.attributes).toStrictEqual({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "get_weather",
      "gen_ai.tool.call.id": "call_1",
      "gen_ai.tool.type": "function",
    });
    // Ended in order: the first model call, the tool, the second model call, then the run.
    expect(otel.finishedSpans().map((span) => span.name)).toStrictEqual([
      "chat gpt-4.1-nano",
      "execute_tool get_weather",
      "chat gpt-4.1-nano",
      "invoke_agent",
    ]);
  });

  test("a failing tool is an execute_tool span with error.type; captured content adds arguments and result", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry({ captureContent: true }));
    const twoCalls = {
      ...toolCallAnswer,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Paris"}' },
              },
              {
                id: "call_2",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
              },
            ],
          },
          finish_reason: "tool_calls",
        },
      ],
    };
    nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, twoCalls)
      .post("/v1/chat/completions")
      .reply(200, finalAnswer);
    await runTools(
      client,
      request,
      {
        get_weather: ({ city }) => {
          if (city === "Oslo") throw new Error("no station in Oslo");
          return { city, celsius: 21 };
        },
      },
      { tools: [getWeather] },
    );
    const tools = otel.spansNamed("execute_tool get_weather");
    const byCall = Object.fromEntries(tools.map((span) => [span.attributes["gen_ai.tool.call.id"], span]));
    expect(byCall.call_1?.attributes["gen_ai.tool.call.arguments"]).toBe('{"city":"Paris"}');
    expect(byCall.call_1?.attributes["gen_ai.tool.call.result"]).toBe('{"city":"Paris","celsius":21}');
    expect(byCall.call_2?.attributes["error.type"]).toBe("tool_error");
    expect(byCall.call_2?.status).toStrictEqual({
      code: SpanStatusCode.ERROR,
      message: "Error: the tool get_weather failed: no station in Oslo",
    });
  });

  test("runToolsStream: the same spans, the run ending with its done event", async () => {
    const otel = newHarness();
    const client = testClient(otel.telemetry());
    const sse = (answer: typeof finalAnswer | typeof toolCallAnswer): string => {
      const choice = answer.choices[0];
      const chunk = {
        id: answer.id,
        object: "chat.completion.chunk",
        model: answer.model,
        choices: [{ index: 0, delta: choice?.message, finish_reason: choice?.finish_reason }],
      };
      return `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
    };
    const stream = { "content-type": "text/event-stream" };
    nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, sse(toolCallAnswer), stream)
      .post("/v1/chat/completions")
      .reply(200, sse(finalAnswer), stream);
    const kinds: string[] = [];
    for await (const event of runToolsStream(
      client,
      request,
      { get_weather: ({ city }) => ({ city }) },
      { tools: [getWeather] },
    )) {
      kinds.push(event.type);
      if (event.type === "done") expect(otel.spansNamed("invoke_agent")).toHaveLength(1);
    }
    expect(kinds.at(-1)).toBe("done");
    const [agent] = otel.spansNamed("invoke_agent");
    expect(otel.spansNamed("chat gpt-4.1-nano").map(parentOf)).toStrictEqual([idOf(agent), idOf(agent)]);
    expect(parentOf(otel.spansNamed("execute_tool get_weather")[0])).toBe(idOf(agent));
  });

  test("a client without telemetry adds no span and runs as before", async () => {
    const otel = newHarness();
    nock(apiOrigin).post("/v1/chat/completions").reply(200, finalAnswer);
    const run = await runTools(
      testClient(),
      request,
      { get_weather: () => "sunny" },
      { tools: [getWeather] },
    );
    expect(run._unsafeUnwrap().response.id).toBe("chatcmpl-2");
    expect(otel.finishedSpans()).toStrictEqual([]);
  });
});

describe("the router", () => {
  const clientOn = (host: string, otel: ReturnType<typeof newHarness>) =>
    newClient(
      withBaseUrl(`https://${host}/v1`),
      withApiKey("sk-route-0123"),
      withMaxRetries(0),
      otel.telemetry(),
    );
  const routed = newChatCompletionRequest(
    "primary/main-model",
    [newUserMessage("Hi")],
    withFallbackModels("backup/backup-model"),
  );

  test("a routed call's span names the route that answered and every attempt; each client call is its child", async () => {
    const otel = newHarness();
    const router = newRouter(
      withRoute("primary", clientOn("primary.test", otel)),
      withRoute("backup", clientOn("backup.test", otel)),
    );
    nock("https://primary.test")
      .post("/v1/chat/completions")
      .reply(503, { error: { message: "overloaded" } });
    nock("https://backup.test")
      .post("/v1/chat/completions")
      .reply(200, { ...finalAnswer, model: "backup-model" });
    const response = (await router.chatCompletion(routed))._unsafeUnwrap();

    const [route] = otel.spansNamed("route primary/main-model");
    expect(route?.kind).toBe(SpanKind.INTERNAL);
    expect(route?.attributes).toStrictEqual({
      "chatwire.route.requested_model": "primary/main-model",
      "chatwire.route.fallback_models": ["backup/backup-model"],
      "chatwire.route.provider": "backup",
      "chatwire.route.model": "backup-model",
      "chatwire.route.endpoint": "backup",
      "chatwire.route.attempt_count": 2,
    });
    expect(route?.events.map((event) => event.attributes)).toStrictEqual([
      {
        "chatwire.route.attempt.index": 0,
        "chatwire.route.provider": "primary",
        "chatwire.route.model": "main-model",
        "chatwire.route.endpoint": "primary",
        "chatwire.route.attempt.latency_ms": response.routeAttempts[0]?.latencyMs,
        "error.type": "503",
      },
      {
        "chatwire.route.attempt.index": 1,
        "chatwire.route.provider": "backup",
        "chatwire.route.model": "backup-model",
        "chatwire.route.endpoint": "backup",
        "chatwire.route.attempt.latency_ms": response.routeAttempts[1]?.latencyMs,
      },
    ]);
    const [failed] = otel.spansNamed("chat main-model");
    const [answered] = otel.spansNamed("chat backup-model");
    expect(failed?.attributes["error.type"]).toBe("503");
    expect(parentOf(failed)).toBe(idOf(route));
    expect(parentOf(answered)).toBe(idOf(route));
  });

  test("a routed stream's span ends when the stream does", async () => {
    const otel = newHarness();
    const router = newRouter(withRoute("primary", clientOn("primary.test", otel)));
    const chunk = {
      id: "c1",
      object: "chat.completion.chunk",
      model: "main-model",
      choices: [{ index: 0, delta: { content: "Hi" }, finish_reason: null }],
    };
    const done = { ...chunk, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] };
    nock("https://primary.test")
      .post("/v1/chat/completions")
      .reply(200, `data: ${JSON.stringify(chunk)}\n\ndata: ${JSON.stringify(done)}\n\ndata: [DONE]\n\n`, {
        "content-type": "text/event-stream",
      });
    const stream = (
      await router.chatCompletionStream(
        newChatCompletionRequest("primary/main-model", [newUserMessage("Hi")]),
      )
    )._unsafeUnwrap();
    expect(otel.spansNamed("route primary/main-model")).toHaveLength(0);
    for await (const chunk of stream) {
      expect(otel.spansNamed("route primary/main-model")).toHaveLength(chunk.isLastChunk ? 1 : 0);
    }
    // The route span ends as the last chunk is handed over (the client span, read ahead, first).
    const names = otel.finishedSpans().map((span) => span.name);
    expect(names).toStrictEqual(["chat main-model", "route primary/main-model"]);
    const [route] = otel.spansNamed("route primary/main-model");
    expect(route?.attributes["chatwire.route.provider"]).toBe("primary");
  });

  test("a routed stream left early ends its span then, marked cancelled, not as an error", async () => {
    const otel = newHarness();
    const router = newRouter(withRoute("primary", clientOn("primary.test", otel)));
    const chunk = (content: string) => ({
      id: "c1",
      object: "chat.completion.chunk",
      model: "main-model",
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    });
    const body = ["Hi", " there", "!"].map((text) => `data: ${JSON.stringify(chunk(text))}\n\n`).join("");
    nock("https://primary.test")
      .post("/v1/chat/completions")
      .reply(200, body, { "content-type": "text/event-stream" });
    const stream = (
      await router.chatCompletionStream(
        newChatCompletionRequest("primary/main-model", [newUserMessage("Hi")]),
      )
    )._unsafeUnwrap();
    for await (const _ of stream) break;
    const [route] = otel.spansNamed("route primary/main-model");
    expect(route?.attributes["chatwire.cancelled"]).toBe(true);
    expect(route?.attributes["error.type"]).toBeUndefined();
    expect(route?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(otel.spansNamed("route primary/main-model")).toHaveLength(1);
  });

  test("a routed call that fails everywhere records error.type and every attempt", async () => {
    const otel = newHarness();
    const router = newRouter(
      withRoute("primary", clientOn("primary.test", otel)),
      withRoute("backup", clientOn("backup.test", otel)),
    );
    nock("https://primary.test")
      .post("/v1/chat/completions")
      .reply(503, { error: { message: "overloaded" } });
    nock("https://backup.test")
      .post("/v1/chat/completions")
      .reply(429, { error: { message: "slow down" } });
    const error = (await router.chatCompletion(routed))._unsafeUnwrapErr();
    const [route] = otel.spansNamed("route primary/main-model");
    expect(route?.attributes["error.type"]).toBe("429");
    expect(route?.status).toStrictEqual({ code: SpanStatusCode.ERROR, message: error.message });
    expect(route?.events.map((event) => event.attributes?.["error.type"])).toStrictEqual(["503", "429"]);
  });

  test("a router in a tool run: the route spans are children of the run", async () => {
    const otel = newHarness();
    const router = newRouter(withRoute("primary", clientOn("primary.test", otel)));
    nock("https://primary.test")
      .post("/v1/chat/completions")
      .reply(200, { ...finalAnswer, model: "main-model" });
    const run = await runTools(
      router,
      newChatCompletionRequest("primary/main-model", [newUserMessage("Hi")]),
      {},
    );
    expect(run.isOk()).toBe(true);
    const [agent] = otel.spansNamed("invoke_agent");
    const [route] = otel.spansNamed("route primary/main-model");
    expect(parentOf(route)).toBe(idOf(agent));
    expect(parentOf(otel.spansNamed("chat main-model")[0])).toBe(idOf(route));
  });
});
