import { describe, expectTypeOf, test } from "vitest";
import {
  type ChatwireError,
  type ClientOption,
  type CompletionChunk,
  newChatCompletionRequest,
  newClient,
  newRateLimiter,
  newRouter,
  newUserMessage,
  type RequestOption,
  type RoutedChunk,
  type RouteError,
  type RouterOption,
  withCooldown,
  withFallbackModels,
  withRateLimiter,
  withRoute,
} from "../../lib/index.ts";

describe("router types", () => {
  test("router options, client options and request options do not mix", () => {
    expectTypeOf(withRoute("a", newClient())).toEqualTypeOf<RouterOption>();
    expectTypeOf(withRateLimiter(newRateLimiter())).toEqualTypeOf<ClientOption>();
    expectTypeOf(withFallbackModels("a/b")).toEqualTypeOf<RequestOption>();
    // @ts-expect-error a router option is not a client option
    newClient(withCooldown(1));
    // @ts-expect-error a request option is not a router option
    newRouter(withFallbackModels("a/b"));
    // @ts-expect-error a router option is not a request option
    newChatCompletionRequest("a/b", [newUserMessage("Hi")], withCooldown(1));
  });

  test("a route error is a chatwire error; a routed stream yields chunks", async () => {
    expectTypeOf<RouteError>().toExtend<ChatwireError>();
    const router = newRouter(withRoute("a", newClient()));
    const opened = await router.chatCompletionStream(newChatCompletionRequest("a/b", [newUserMessage("Hi")]));
    if (opened.isOk()) {
      for await (const chunk of opened.value)
        expectTypeOf(chunk).toEqualTypeOf<RoutedChunk<CompletionChunk>>();
    }
  });
});
