import type { ResultAsync } from "neverthrow";
import { describe, expectTypeOf, test } from "vitest";
import {
  type ChatCompletionResponse,
  type ChatwireError,
  type Client,
  type ClientOption,
  type ModelList,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  type RequestOption,
  withApiKey,
  withBaseUrl,
  withClientTimeout,
  withMaxTokens,
  withTemperature,
  withTimeout,
  withTools,
} from "../../lib/index.ts";

const messages = [newUserMessage("Hi")];

describe("client options and request options cannot be mixed up", () => {
  test("a client option passed to newChatCompletionRequest is a compile error", () => {
    // @ts-expect-error withBaseUrl is a client option
    newChatCompletionRequest("gpt-4.1-nano", messages, withBaseUrl("http://localhost:8000/v1"));
    // @ts-expect-error withClientTimeout is a client option (the request's own is withTimeout)
    newChatCompletionRequest("gpt-4.1-nano", messages, withClientTimeout(1_000));
    // @ts-expect-error withApiKey is a client option
    newChatCompletionRequest("gpt-4.1-nano", messages, withTemperature(0), withApiKey("sk-..."));
  });

  test("a request option passed to newClient is a compile error", () => {
    // @ts-expect-error withTemperature is a request option
    newClient(withTemperature(0));
    // @ts-expect-error withTimeout is a request option (the client's is withClientTimeout)
    newClient(withBaseUrl("http://localhost:8000/v1"), withTimeout(1_000));
    // @ts-expect-error withTools is a request option
    newClient(withTools([]));
  });

  test("the option types are distinct", () => {
    expectTypeOf(withBaseUrl("x")).toEqualTypeOf<ClientOption>();
    expectTypeOf(withMaxTokens(1)).toEqualTypeOf<RequestOption>();
    expectTypeOf<ClientOption>().not.toExtend<RequestOption>();
    expectTypeOf<RequestOption>().not.toExtend<ClientOption>();
  });
});

describe("calls return ResultAsync", () => {
  test("chatCompletion returns ResultAsync<ChatCompletionResponse, ChatwireError>", () => {
    const client: Client = newClient();
    const request = newChatCompletionRequest("gpt-4.1-nano", messages);
    expectTypeOf(client.chatCompletion(request)).toEqualTypeOf<
      ResultAsync<ChatCompletionResponse, ChatwireError>
    >();
    expectTypeOf(client.chatCompletion(request, { signal: AbortSignal.timeout(1_000) })).toEqualTypeOf<
      ResultAsync<ChatCompletionResponse, ChatwireError>
    >();
  });

  test("listModels returns ResultAsync<ModelList, ChatwireError>", () => {
    expectTypeOf(newClient().listModels()).toEqualTypeOf<ResultAsync<ModelList, ChatwireError>>();
  });

  test("a response has latencyMs and the wire fields", () => {
    expectTypeOf<ChatCompletionResponse["latencyMs"]>().toEqualTypeOf<number>();
    expectTypeOf<ChatCompletionResponse["choices"][number]["finish_reason"]>().toEqualTypeOf<string | null>();
    expectTypeOf<ChatCompletionResponse["requestId"]>().toEqualTypeOf<string | undefined>();
  });
});
