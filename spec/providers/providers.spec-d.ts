import { describe, expectTypeOf, test } from "vitest";
import {
  type ClientOption,
  mistral,
  newChatCompletionRequest,
  newUserMessage,
  type ProviderPreset,
  type RequestOption,
  withDefaultModel,
  withProvider,
  withTopK,
} from "../../lib/index.ts";

describe("provider types", () => {
  test("a preset is data; withProvider and withDefaultModel are client options", () => {
    expectTypeOf(mistral()).toEqualTypeOf<ProviderPreset>();
    expectTypeOf(withProvider(mistral())).toEqualTypeOf<ClientOption>();
    expectTypeOf(withDefaultModel("m")).toEqualTypeOf<ClientOption>();
  });

  test("vendor options are request options, and client options are not", () => {
    expectTypeOf(withTopK(40)).toEqualTypeOf<RequestOption>();
    // @ts-expect-error a client option is not a request option
    newChatCompletionRequest("m", [newUserMessage("Hi")], withProvider(mistral()));
  });
});
