import { describe, expectTypeOf, test } from "vitest";
import {
  type ClientOption,
  newChatCompletionRequest,
  newClient,
  type RequestOption,
  withFirstByteTimeout,
  withIdleTimeout,
  withMaxBodyBytes,
  withMaxEventBytes,
  withMaxRetries,
  withMaxRetryDelay,
  withRetries,
} from "../../lib/index.ts";

describe("reliability options are typed by where they apply", () => {
  test("client options", () => {
    expectTypeOf(withMaxRetries(1)).toEqualTypeOf<ClientOption>();
    expectTypeOf(withMaxRetryDelay(1)).toEqualTypeOf<ClientOption>();
    expectTypeOf(withFirstByteTimeout(1)).toEqualTypeOf<ClientOption>();
    expectTypeOf(withIdleTimeout(1)).toEqualTypeOf<ClientOption>();
    expectTypeOf(withMaxBodyBytes(1)).toEqualTypeOf<ClientOption>();
    expectTypeOf(withMaxEventBytes(1)).toEqualTypeOf<ClientOption>();
  });

  test("the per-request retry count is a request option", () => {
    expectTypeOf(withRetries(1)).toEqualTypeOf<RequestOption>();
  });

  test("they cannot be mixed up", () => {
    // @ts-expect-error a client option is not a request option
    newChatCompletionRequest("m", [], withMaxRetries(1));
    // @ts-expect-error a request option is not a client option
    newClient(withRetries(1));
  });
});
