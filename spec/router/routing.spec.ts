import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  type ClientOption,
  mistral,
  newChatCompletionRequest,
  newClient,
  newCompletionRequest,
  newRouter,
  newUserMessage,
  openRouter,
  withApiKey,
  withBaseUrl,
  withDefaultProvider,
  withFallbackModels,
  withMaxRetries,
  withProvider,
  withRoute,
  withRouterClock,
} from "../../lib/index.ts";
import { refusedBeforeSending } from "../providers/support/capture.ts";

const hi = [newUserMessage("Hi")];
const answer = (model: string) => ({
  id: "chatcmpl-routed",
  object: "chat.completion",
  model,
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
});
const quiet = (...options: ClientOption[]) =>
  newClient(withApiKey("sk-router-test"), withMaxRetries(0), ...options);

describe("newRouter resolves provider/model names to routes", () => {
  test("mistral/mistral-small-latest sends mistral-small-latest to the mistral client and says so", async () => {
    let now = 0;
    const router = newRouter(
      withRoute("mistral", quiet(withProvider(mistral()))),
      withRoute("openai", quiet(withBaseUrl("https://openai.router.test/v1"))),
      withRouterClock(() => now),
    );
    const scope = nock("https://api.mistral.ai")
      .post("/v1/chat/completions", {
        model: "mistral-small-latest",
        messages: [{ role: "user", content: "Hi" }],
      })
      .reply(() => {
        now += 12;
        return [200, answer("mistral-small-latest")];
      });

    const result = await router.chatCompletion(newChatCompletionRequest("mistral/mistral-small-latest", hi));

    expect(scope.isDone()).toBe(true);
    const response = result._unsafeUnwrap();
    const route = { provider: "mistral", model: "mistral-small-latest", endpoint: "mistral" };
    expect(response.route).toStrictEqual(route);
    expect(response.routeAttempts).toStrictEqual([{ ...route, latencyMs: 12 }]);
    expect(response.choices[0]?.message.content).toBe("ok");
  });

  test("only the first / splits: openrouter/openai/gpt-4o-mini sends openai/gpt-4o-mini", async () => {
    const router = newRouter(withRoute("openrouter", quiet(withProvider(openRouter()))));
    const scope = nock("https://openrouter.ai")
      .post("/api/v1/chat/completions", (body) => body.model === "openai/gpt-4o-mini")
      .reply(200, answer("openai/gpt-4o-mini"));
    const result = await router.chatCompletion(newChatCompletionRequest("openrouter/openai/gpt-4o-mini", hi));
    expect(scope.isDone()).toBe(true);
    expect(result._unsafeUnwrap().route).toStrictEqual({
      provider: "openrouter",
      model: "openai/gpt-4o-mini",
      endpoint: "openrouter",
    });
  });

  test("withDefaultProvider takes names that name no route, whole", async () => {
    const router = newRouter(
      withRoute("openai", quiet(withBaseUrl("https://openai.router.test/v1"))),
      withDefaultProvider("openai"),
    );
    const scope = nock("https://openai.router.test")
      .post("/v1/chat/completions", (body) => body.model === "gpt-4.1-nano")
      .reply(200, answer("gpt-4.1-nano"));
    const result = await router.chatCompletion(newChatCompletionRequest("gpt-4.1-nano", hi));
    expect(scope.isDone()).toBe(true);
    expect(result._unsafeUnwrap().route.provider).toBe("openai");
  });

  test("a name without a known route is invalid_request, with no attempt and no network call", async () => {
    const router = newRouter(withRoute("mistral", quiet(withProvider(mistral()))));
    const error = await refusedBeforeSending(() =>
      router.chatCompletion(newChatCompletionRequest("groq/llama", hi)),
    );
    expect(error).toStrictEqual({
      kind: "invalid_request",
      message:
        'invalid request: model must name a route as provider/model, got "groq/llama" (routes: mistral)',
      field: "model",
      retryable: false,
      routeAttempts: [],
    });
  });

  test("every fallback name is resolved before anything is sent", async () => {
    const router = newRouter(withRoute("mistral", quiet(withProvider(mistral()))));
    const request = newChatCompletionRequest(
      "mistral/small",
      hi,
      withFallbackModels("mistral/large", "nope/x"),
    );
    const error = await refusedBeforeSending(() => router.chatCompletion(request));
    expect(error).toMatchObject({ kind: "invalid_request", field: "fallbackModels.1", routeAttempts: [] });
  });

  test("a route named with a slash could never be reached: every call is invalid_request", async () => {
    const router = newRouter(withRoute("local/gpu", quiet(withBaseUrl("https://gpu.router.test/v1"))));
    const error = await refusedBeforeSending(() =>
      router.chatCompletion(newChatCompletionRequest("local/gpu/m", hi)),
    );
    expect(error).toMatchObject({ kind: "invalid_request", field: "routes.local/gpu", routeAttempts: [] });
  });

  test("a router without routes answers every call with invalid_request", async () => {
    const error = await refusedBeforeSending(() =>
      newRouter().chatCompletion(newChatCompletionRequest("a/b", hi)),
    );
    expect(error).toMatchObject({ kind: "invalid_request", field: "routes", routeAttempts: [] });
  });
});

describe("router.completion", () => {
  test("routes text completions, with fallbacks, like chat", async () => {
    const router = newRouter(
      withRoute("primary", quiet(withBaseUrl("https://primary.router.test/v1"))),
      withRoute("backup", quiet(withBaseUrl("https://backup.router.test/v1"))),
    );
    const primary = nock("https://primary.router.test").post("/v1/completions").reply(503, "busy");
    const backup = nock("https://backup.router.test")
      .post("/v1/completions", { model: "instruct", prompt: "Once" })
      .reply(200, {
        id: "cmpl-1",
        model: "instruct",
        choices: [{ index: 0, text: " upon", finish_reason: "length" }],
      });

    const result = await router.completion(
      newCompletionRequest("primary/x", "Once", withFallbackModels("backup/instruct")),
    );

    expect([primary.isDone(), backup.isDone()]).toStrictEqual([true, true]);
    const response = result._unsafeUnwrap();
    expect(response.choices[0]?.text).toBe(" upon");
    expect(response.routeAttempts.map((attempt) => [attempt.provider, attempt.error?.kind])).toStrictEqual([
      ["primary", "http"],
      ["backup", undefined],
    ]);
  });
});
