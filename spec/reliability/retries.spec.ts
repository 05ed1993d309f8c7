import { describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newUserMessage,
  withFirstByteTimeout,
  withMaxRetries,
  withRetries,
} from "../../lib/index.ts";
import { hostileCompletion } from "../support/hostile-server.ts";
import { attempt, hostileClient, hostileRequest, useHostileServer } from "./hostile-client.ts";

const server = useHostileServer({ slowHeadersMs: 5_000 });

const measured = expect.objectContaining({
  headersLatencyMs: expect.any(Number),
  totalLatencyMs: expect.any(Number),
});
const okAnswer = {
  ...hostileCompletion,
  latencyMs: expect.any(Number),
  requestId: "req_hostile",
  timing: measured,
};

describe("retried failures then success", () => {
  test("429 with Retry-After: 0 is retried at once and the response reports both attempts", async () => {
    const result = await hostileClient(server(), "rate-limited-then-ok").chatCompletion(hostileRequest);

    expect(result._unsafeUnwrap()).toStrictEqual({
      ...okAnswer,
      attempts: [
        attempt({ status: 429, errorKind: "http", waitMs: 0, waitSource: "retry-after" }),
        attempt({ status: 200, waitMs: 0 }),
      ],
    });
    const [first, second] = server().requests;
    expect(second?.body).toBe(first?.body);
    expect(server().requests).toHaveLength(2);
  });

  test("429 with retry-after-ms waits what the server asked", async () => {
    const result = await hostileClient(server(), "rate-limited-ms-then-ok").chatCompletion(hostileRequest);

    expect(result._unsafeUnwrap().attempts).toStrictEqual([
      attempt({ status: 429, errorKind: "http", waitMs: 1, waitSource: "retry-after" }),
      attempt({ status: 200, waitMs: 0 }),
    ]);
  });

  test("429 with Retry-After as an HTTP date already past is retried at once", async () => {
    const result = await hostileClient(server(), "rate-limited-date-then-ok").chatCompletion(hostileRequest);

    expect(result._unsafeUnwrap().attempts).toStrictEqual([
      attempt({ status: 429, errorKind: "http", waitMs: 0, waitSource: "retry-after" }),
      attempt({ status: 200, waitMs: 0 }),
    ]);
  });

  test("503 without Retry-After is retried after a jittered back-off within the cap", async () => {
    const result = await hostileClient(server(), "unavailable-then-ok").chatCompletion(hostileRequest);

    const attempts = result._unsafeUnwrap().attempts;
    expect(attempts).toStrictEqual([
      attempt({ status: 503, errorKind: "http", waitMs: expect.any(Number), waitSource: "backoff" }),
      attempt({ status: 200, waitMs: 0 }),
    ]);
    // The cap is 5 ms and the jitter takes off at most a quarter.
    expect(attempts[0]?.waitMs).toBeGreaterThanOrEqual(4);
    expect(attempts[0]?.waitMs).toBeLessThanOrEqual(5);
  });

  test.each([408, 409, 500, 502, 504])("%i is retried", async (status) => {
    const result = await hostileClient(server(), `status-${status}-then-ok`).chatCompletion(hostileRequest);

    expect(result._unsafeUnwrap().attempts.map((record) => record.status)).toStrictEqual([status, 200]);
  });

  test("a connection reset before any response byte is retried", async () => {
    const result = await hostileClient(server(), "reset-before-headers-then-ok").chatCompletion(
      hostileRequest,
    );

    expect(result._unsafeUnwrap().attempts).toStrictEqual([
      attempt({ errorKind: "network", waitMs: expect.any(Number), waitSource: "backoff" }),
      attempt({ status: 200, waitMs: 0 }),
    ]);
  });

  test("GET /models is retried too", async () => {
    const result = await hostileClient(server(), "rate-limited-then-ok").listModels();

    expect(result._unsafeUnwrap()).toStrictEqual({
      object: "list",
      data: [{ id: "hostile-model", object: "model" }],
      latencyMs: expect.any(Number),
      timing: measured,
      attempts: [
        attempt({ status: 429, errorKind: "http", waitMs: 0, waitSource: "retry-after" }),
        attempt({ status: 200, waitMs: 0 }),
      ],
    });
  });
});

describe("failures not retried", () => {
  test.each([400, 401, 403, 404, 422])("%i is returned after one attempt", async (status) => {
    const result = await hostileClient(server(), `status-${status}-then-ok`).chatCompletion(hostileRequest);

    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "http", status, retryable: false });
    expect(error.kind === "http" && error.attempts).toStrictEqual([
      attempt({ status, errorKind: "http", waitMs: 0 }),
    ]);
    expect(server().requests).toHaveLength(1);
  });

  test("a Retry-After beyond the cap is not waited for: the error says how long the server asked", async () => {
    const result = await hostileClient(server(), "rate-limited-long").chatCompletion(hostileRequest);

    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: "http",
      status: 429,
      retryAfterMs: 3_600_000,
      serverMessage: "Rate limit reached for requests",
      code: "rate_limit_exceeded",
      retryable: true,
      attempts: [attempt({ status: 429, errorKind: "http", waitMs: 0 })],
    });
    expect(server().requests).toHaveLength(1);
  });

  test("a connection reset mid-body is a network error, not retried", async () => {
    const result = await hostileClient(server(), "reset-mid-body").chatCompletion(hostileRequest);

    expect(result._unsafeUnwrapErr()).toStrictEqual({
      kind: "network",
      message: expect.stringMatching(/^reading the chat completion response failed: /),
      cause: expect.any(String),
      retryable: true,
      attempts: [attempt({ status: 200, errorKind: "network", waitMs: 0 })],
    });
    expect(server().requests).toHaveLength(1);
  });
});

describe("how many retries", () => {
  test("by default a call is retried twice, then the last failure is returned with every attempt", async () => {
    const result = await hostileClient(server(), "unavailable").chatCompletion(hostileRequest);

    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "http", status: 503, serverMessage: "upstream unavailable" });
    expect(error.kind === "http" && error.attempts).toStrictEqual([
      attempt({ status: 503, errorKind: "http", waitMs: expect.any(Number), waitSource: "backoff" }),
      attempt({ status: 503, errorKind: "http", waitMs: expect.any(Number), waitSource: "backoff" }),
      attempt({ status: 503, errorKind: "http", waitMs: 0 }),
    ]);
    expect(server().requests).toHaveLength(3);
  });

  test("network failures before any byte are retried until the retries run out", async () => {
    const result = await hostileClient(server(), "reset-before-headers").chatCompletion(hostileRequest);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "network", retryable: true });
    expect(server().requests).toHaveLength(3);
  });

  test("withMaxRetries(0) makes one attempt", async () => {
    const client = hostileClient(server(), "unavailable-then-ok", withMaxRetries(0));

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toMatchObject({ status: 503 });
    expect(server().requests).toHaveLength(1);
  });

  test("a request's withRetries overrides the client's count, both ways", async () => {
    const once = newChatCompletionRequest("hostile-model", [newUserMessage("Hi")], withRetries(0));
    const result = await hostileClient(server(), "unavailable-then-ok").chatCompletion(once);
    expect(result._unsafeUnwrapErr()).toMatchObject({ status: 503 });

    server().reset();
    const again = newChatCompletionRequest("hostile-model", [newUserMessage("Hi")], withRetries(1));
    const client = hostileClient(server(), "unavailable-then-ok", withMaxRetries(0));
    expect((await client.chatCompletion(again)).isOk()).toBe(true);
    expect(server().requests).toHaveLength(2);
  });

  test("a first-byte timeout is retried like a network error", async () => {
    const client = hostileClient(server(), "slow-headers", withFirstByteTimeout(100), withMaxRetries(1));

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "timeout", timeout: "first_byte", timeoutMs: 100 });
    expect(error.kind === "timeout" && error.attempts).toStrictEqual([
      attempt({ errorKind: "timeout", waitMs: expect.any(Number), waitSource: "backoff" }),
      attempt({ errorKind: "timeout", waitMs: 0 }),
    ]);
    expect(server().requests).toHaveLength(2);
  });

  test("a negative or fractional per-request retry count is invalid_request before any network call", async () => {
    for (const count of [-1, 1.5, Number.NaN]) {
      const request = newChatCompletionRequest("hostile-model", [newUserMessage("Hi")], withRetries(count));
      const result = await hostileClient(server(), "ok").chatCompletion(request);
      expect(result._unsafeUnwrapErr()).toStrictEqual({
        kind: "invalid_request",
        message: `invalid request: maxRetries must be an integer ≥ 0, got ${String(count)}`,
        field: "maxRetries",
        retryable: false,
      });
    }
    expect(server().requests).toHaveLength(0);
  });
});
