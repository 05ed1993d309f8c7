// What a JavaScript caller (or a cast) may hand chatwire that its types rule out: every entry point answers
// with an `invalid_request` error naming what is wrong, before any network call, and never throws.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  assistantText,
  azureOpenAi,
  type ChatwireError,
  collectStream,
  deltaMessage,
  deltaText,
  newAssistantMessage,
  newChatCompletionRequest,
  newClient,
  newCompletionRequest,
  newFunctionTool,
  newRouter,
  newUserMessage,
  parseOutput,
  parseToolCall,
  runTools,
  streamOutput,
  withClock,
  withProvider,
  withRoute,
  withRouterClock,
  withTemperature,
  withTools,
} from "../../lib/index.ts";
import { apiOrigin, okCompletion, testClient, watchRequests } from "./nock-server.ts";

/** Any value at all, as JavaScript may pass it where a typed argument is expected. */
const loose = <T>(value: unknown): T => value as T;
const messages = [newUserMessage("Hi")];

let requests: ReturnType<typeof watchRequests>;
beforeEach(() => {
  requests = watchRequests();
});
afterEach(() => {
  expect(requests.count()).toBe(0);
  requests.stop();
});

const refusal = (error: ChatwireError) => ({
  kind: error.kind,
  field: "field" in error ? error.field : undefined,
  message: error.message,
});

describe("options that are not options", () => {
  test("a request option that is not a function, or that throws, is a problem on options.N", async () => {
    const client = testClient();
    const notAnOption = newChatCompletionRequest("m", messages, withTemperature(0.2), loose(undefined));
    expect(refusal((await client.chatCompletion(notAnOption))._unsafeUnwrapErr())).toStrictEqual({
      kind: "invalid_request",
      field: "options.1",
      message: "invalid request: options.1 must be an option function, got undefined",
    });
    const broken = () => {
      throw new Error("a broken option");
    };
    const throwing = newCompletionRequest("m", "Once", loose(broken));
    expect(refusal((await client.completion(throwing))._unsafeUnwrapErr())).toStrictEqual({
      kind: "invalid_request",
      field: "options.0",
      message: "invalid request: options.0 could not be applied: a broken option",
    });
    const tools = newChatCompletionRequest("m", messages, withTools(loose(undefined)));
    expect((await client.chatCompletion(tools))._unsafeUnwrapErr()).toMatchObject({
      field: "tools",
      message: "invalid request: tools must be an array of tools",
    });
  });

  test("a client or router option that is not one makes every call an invalid_request error", async () => {
    const client = newClient(loose(42));
    expect(
      refusal((await client.chatCompletion(newChatCompletionRequest("m", messages)))._unsafeUnwrapErr()),
    ).toStrictEqual({
      kind: "invalid_request",
      field: "options.0",
      message: "invalid request: options.0 must be an option function, got a number",
    });
    expect((await client.listModels())._unsafeUnwrapErr()).toMatchObject({ field: "options.0" });
    const router = newRouter(withRoute("main", testClient()), loose(null));
    const routed = await router.chatCompletion(newChatCompletionRequest("main/m", messages));
    expect(routed._unsafeUnwrapErr()).toMatchObject({ field: "options.1", routeAttempts: [] });
    const notClients = newRouter(withRoute("main", loose(undefined)));
    expect(
      (await notClients.chatCompletion(newChatCompletionRequest("main/m", messages)))._unsafeUnwrapErr(),
    ).toMatchObject({
      field: "routes.main",
      message: "invalid request: routes.main must be given clients made by newClient",
    });
  });
});

describe("a request or a signal that is not one", () => {
  const client = testClient();
  const router = newRouter(withRoute("main", testClient()));
  test.each<[string, unknown]>([
    ["undefined", undefined],
    ["a string", "Hi"],
    ["an object without a body", {}],
  ])("a request that is %s", async (_name, request) => {
    const calls = [
      client.chatCompletion(loose(request)),
      client.chatCompletionStream(loose(request)),
      client.completion(loose(request)),
      client.completionStream(loose(request)),
      router.chatCompletion(loose(request)),
      router.chatCompletionStream(loose(request)),
    ];
    for (const call of calls) {
      const error = (await call)._unsafeUnwrapErr();
      expect(error).toMatchObject({ kind: "invalid_request", field: "request", retryable: false });
      expect(error.message).toMatch(/^invalid request: request must be a request made by new\w+Request/);
    }
    expect((await runTools(client, loose(request), {}))._unsafeUnwrapErr()).toMatchObject({
      field: "request",
    });
  });

  test("a signal that is not an AbortSignal, or options that are not an object", async () => {
    const request = newChatCompletionRequest("m", messages);
    const calls = [
      client.chatCompletion(request, loose({ signal: "stop" })),
      client.chatCompletionStream(request, loose({ signal: {} })),
      client.listModels(loose({ signal: 1 })),
      router.chatCompletion(newChatCompletionRequest("main/m", messages), loose({ signal: true })),
    ];
    for (const call of calls) {
      expect((await call)._unsafeUnwrapErr()).toMatchObject({ kind: "invalid_request", field: "signal" });
    }
    expect((await client.chatCompletion(request, loose("fast")))._unsafeUnwrapErr()).toMatchObject({
      field: "options",
      message: "invalid request: options must be an object ({ signal }), got a string",
    });
  });
});

describe("readers handed something that is not a stream or a response", () => {
  test("collectStream, streamOutput and parseOutput answer with an error", async () => {
    expect(refusal((await collectStream(loose(undefined)))._unsafeUnwrapErr())).toStrictEqual({
      kind: "invalid_request",
      field: "stream",
      message: "invalid request: stream must be a stream opened by a client, got undefined",
    });
    const events = [];
    for await (const event of streamOutput(loose({ choices: [] }))) events.push(event);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "final", response: undefined });
    expect(events[0]?.type === "final" && events[0].result._unsafeUnwrapErr()).toMatchObject({
      field: "stream",
    });
    expect(parseOutput(loose(null))._unsafeUnwrapErr()).toMatchObject({
      kind: "invalid_request",
      field: "response",
      message: "invalid request: response must be a response from chatCompletion, got null",
    });
  });
});

describe("readers and builders given what JavaScript may hold", () => {
  test("the readers read nothing from nothing; a tool call that is not one is an error", () => {
    expect([
      assistantText(loose(undefined)),
      deltaText(loose(null)),
      deltaMessage(loose(undefined)),
    ]).toStrictEqual([undefined, "", undefined]);
    const tool = newFunctionTool({ name: "get_time", parameters: { type: "object", properties: {} } });
    expect(parseToolCall(loose(undefined), tool)._unsafeUnwrapErr()).toStrictEqual({
      kind: "invalid_request",
      message: "invalid request: toolCall must be a tool call from a response, got undefined",
      field: "toolCall",
      retryable: false,
    });
  });

  test("tool calls sent as null count as none; an Azure endpoint left unset is a base URL problem", async () => {
    expect(newAssistantMessage("Hi", loose(null))).toStrictEqual({ role: "assistant", content: "Hi" });
    const azure = newClient(withProvider(azureOpenAi(loose({ endpoint: undefined }))));
    expect(
      (await azure.chatCompletion(newChatCompletionRequest("gpt-4o", messages)))._unsafeUnwrapErr(),
    ).toMatchObject({ kind: "invalid_request", field: "baseUrl" });
  });
});

describe("clocks", () => {
  test("a clock that is not a function is an invalid_request error on clock; one that throws reads as NaN", async () => {
    const request = newChatCompletionRequest("m", messages);
    const noClock = testClient(withClock(loose(undefined)));
    expect((await noClock.chatCompletion(request))._unsafeUnwrapErr()).toMatchObject({
      kind: "invalid_request",
      field: "clock",
      message: "invalid request: clock must be a function",
    });
    const router = newRouter(withRoute("main", testClient()), withRouterClock(loose("now")));
    const routed = await router.chatCompletion(newChatCompletionRequest("main/m", messages));
    expect(routed._unsafeUnwrapErr()).toMatchObject({ field: "clock" });
    const tools = await runTools(testClient(), request, {}, loose<{ clock: () => number }>({ clock: 42 }));
    expect(tools._unsafeUnwrapErr()).toMatchObject({ field: "clock" });

    nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    const broken = () => {
      throw new Error("the clock broke");
    };
    const answered = (await testClient(withClock(broken)).chatCompletion(request))._unsafeUnwrap();
    expect(assistantText(answered)).toBe("Hi!");
    expect(answered.latencyMs).toBeNaN();
  });
});
