import { describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newUserMessage,
  withClientTimeout,
  withFirstByteTimeout,
  withIdleTimeout,
  withMaxRetries,
  withMaxRetryDelay,
  withTimeout,
} from "../../lib/index.ts";
import { attempt, hostileClient, hostileRequest, useHostileServer, waitUntil } from "./hostile-client.ts";

const server = useHostileServer({ slowHeadersMs: 5_000, maxScenarioMs: 5_000 });

describe("each timeout says which wait ran out", () => {
  test("slow headers: first_byte", async () => {
    const client = hostileClient(server(), "slow-headers", withFirstByteTimeout(100), withMaxRetries(0));

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toStrictEqual({
      kind: "timeout",
      message: "timed out after 100 ms waiting for the first response byte",
      timeout: "first_byte",
      timeoutMs: 100,
      retryable: true,
      attempts: [attempt({ errorKind: "timeout", waitMs: 0 })],
    });
    // The connection was closed, not left waiting.
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });

  test("a body that stalls after its headers: idle", async () => {
    const client = hostileClient(server(), "stalled-body", withIdleTimeout(100));

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toStrictEqual({
      kind: "timeout",
      message: "timed out after 100 ms waiting for the next stream chunk",
      timeout: "idle",
      timeoutMs: 100,
      retryable: true,
      attempts: [attempt({ status: 200, errorKind: "timeout", waitMs: 0 })],
    });
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });

  test("a body that trickles forever, never idle long enough: total", async () => {
    const client = hostileClient(server(), "trickle-body", withClientTimeout(300), withIdleTimeout(5_000));

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toMatchObject({
      kind: "timeout",
      message: "timed out after 300 ms waiting for the request",
      timeout: "total",
      timeoutMs: 300,
    });
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });
});

describe("withClientTimeout and withTimeout bound every wait not set on its own", () => {
  test("withClientTimeout alone bounds slow headers, reported as total (the call's bound)", async () => {
    const client = hostileClient(server(), "slow-headers", withClientTimeout(150));

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toMatchObject({
      kind: "timeout",
      timeout: "total",
      timeoutMs: 150,
      attempts: [attempt({ errorKind: "timeout", waitMs: 0 })],
    });
  });

  test("withClientTimeout alone bounds a stalled body", async () => {
    const client = hostileClient(server(), "stalled-body", withClientTimeout(150));

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toMatchObject({
      kind: "timeout",
      timeout: "total",
      timeoutMs: 150,
    });
  });

  test("a request's withTimeout overrides the client's timeouts", async () => {
    const request = newChatCompletionRequest("hostile-model", [newUserMessage("Hi")], withTimeout(120));
    const client = hostileClient(
      server(),
      "slow-headers",
      withClientTimeout(60_000),
      withFirstByteTimeout(30_000),
    );

    expect((await client.chatCompletion(request))._unsafeUnwrapErr()).toMatchObject({
      kind: "timeout",
      timeout: "total",
      timeoutMs: 120,
    });
  });
});

describe("the total timeout covers the whole call, retries included", () => {
  test("time spent on a first attempt counts against the second", async () => {
    const client = hostileClient(
      server(),
      "rate-limited-then-slow-headers",
      withClientTimeout(300),
      withFirstByteTimeout(10_000),
    );

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toMatchObject({
      kind: "timeout",
      timeout: "total",
      timeoutMs: 300,
      attempts: [
        attempt({ status: 429, errorKind: "http", waitMs: 0, waitSource: "retry-after" }),
        attempt({ errorKind: "timeout", waitMs: 0 }),
      ],
    });
    // Counted by scenario: on a loaded machine, the previous test's request may reach the server late.
    const seen = () =>
      server().requests.filter((request) => request.scenario === "rate-limited-then-slow-headers");
    await waitUntil(() => seen().length >= 2);
    expect(seen()).toHaveLength(2);
  });

  test("a retry whose back-off would outlast the total is not made: the failure is returned", async () => {
    const client = hostileClient(server(), "unavailable", withClientTimeout(200), withMaxRetryDelay(60_000));

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    // The first back-off is at least 375 ms, longer than what is left of 200 ms.
    expect(error).toMatchObject({
      kind: "http",
      status: 503,
      attempts: [attempt({ status: 503, errorKind: "http", waitMs: 0 })],
    });
    expect(server().requests).toHaveLength(1);
  });
});
