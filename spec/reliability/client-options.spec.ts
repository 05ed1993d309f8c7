import { describe, expect, test } from "vitest";
import {
  type ClientOption,
  defaultClientConfig,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withBaseUrl,
  withClientTimeout,
  withFetch,
  withFirstByteTimeout,
  withIdleTimeout,
  withMaxBodyBytes,
  withMaxEventBytes,
  withMaxRetries,
  withMaxRetryDelay,
  withRetries,
} from "../../lib/index.ts";
import { hostileRequest } from "./hostile-client.ts";

describe("the reliability options set one field each", () => {
  test.each([
    ["withMaxRetries", withMaxRetries(5), { maxRetries: 5 }],
    ["withMaxRetries(0)", withMaxRetries(0), { maxRetries: 0 }],
    ["withMaxRetryDelay", withMaxRetryDelay(1_500), { maxRetryDelayMs: 1_500 }],
    ["withMaxRetryDelay(0)", withMaxRetryDelay(0), { maxRetryDelayMs: 0 }],
    ["withFirstByteTimeout", withFirstByteTimeout(15_000), { firstByteTimeoutMs: 15_000 }],
    ["withIdleTimeout", withIdleTimeout(30_000), { idleTimeoutMs: 30_000 }],
    ["withMaxBodyBytes", withMaxBodyBytes(1024), { maxBodyBytes: 1024 }],
    ["withMaxEventBytes", withMaxEventBytes(2048), { maxEventBytes: 2048 }],
  ] as const)("%s", (_, option, fields) => {
    const config = defaultClientConfig();

    expect(option(config)).toStrictEqual({ ...config, ...fields });
  });

  test("the defaults: 2 retries, waits capped at 60 s, 16 MiB bodies, 4 MiB events, finer timeouts unset", () => {
    expect(defaultClientConfig()).toMatchObject({
      timeoutMs: 600_000,
      firstByteTimeoutMs: undefined,
      idleTimeoutMs: undefined,
      maxRetries: 2,
      maxRetryDelayMs: 60_000,
      maxBodyBytes: 16 * 1024 * 1024,
      maxEventBytes: 4 * 1024 * 1024,
    });
  });

  test("withRetries sets the request's own count, sent nowhere", () => {
    const request = newChatCompletionRequest("m", [newUserMessage("Hi")], withRetries(0));

    expect(request).toStrictEqual({
      body: { model: "m", messages: [{ role: "user", content: "Hi" }] },
      maxRetries: 0,
    });
  });
});

describe("bad values are invalid_request at every call, before any network call", () => {
  test.each([
    [withClientTimeout(0), "timeoutMs", "must be a finite number > 0, got 0"],
    [withClientTimeout(Number.POSITIVE_INFINITY), "timeoutMs", "must be a finite number > 0, got Infinity"],
    [withFirstByteTimeout(-1), "firstByteTimeoutMs", "must be a finite number > 0, got -1"],
    [withIdleTimeout(Number.NaN), "idleTimeoutMs", "must be a finite number > 0, got NaN"],
    [withMaxRetries(-1), "maxRetries", "must be an integer ≥ 0, got -1"],
    [withMaxRetries(1.5), "maxRetries", "must be an integer ≥ 0, got 1.5"],
    [withMaxRetryDelay(-5), "maxRetryDelayMs", "must be a finite number ≥ 0, got -5"],
    [withMaxBodyBytes(0), "maxBodyBytes", "must be an integer ≥ 1, got 0"],
    [withMaxEventBytes(10.5), "maxEventBytes", "must be an integer ≥ 1, got 10.5"],
  ] as const)("%#: %s", async (option: ClientOption, field, problem) => {
    let calls = 0;
    const client = newClient(
      withBaseUrl("http://127.0.0.1:9/v1"),
      option,
      withFetch(async () => {
        calls++;
        return new Response("{}");
      }),
    );

    const expected = {
      kind: "invalid_request",
      message: `invalid request: ${field} ${problem}`,
      field,
      retryable: false,
    };
    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toStrictEqual(expected);
    expect((await client.listModels())._unsafeUnwrapErr()).toStrictEqual(expected);
    expect(calls).toBe(0);
  });
});
