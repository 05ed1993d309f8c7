// The shared hostile scenarios with `stream: true`: what happens before a stream opens (retries, timeouts,
// HTTP errors, redirects), and the rule that a stream is never retried once it delivered a chunk.
import { describe, expect, test } from "vitest";
import { withClock, withFirstByteTimeout, withIdleTimeout, withMaxRetries } from "../../lib/index.ts";
import type { HostileScenario } from "../support/hostile-server.ts";
import { attempt, hostileClient, plantedKey, useHostileServer } from "./hostile-client.ts";
import { hostileStreamRequest, okChunks, readStream } from "./hostile-stream.ts";

const server = useHostileServer({ slowHeadersMs: 5_000, maxScenarioMs: 5_000 });

const clientFor = (scenario: HostileScenario, ...options: Parameters<typeof hostileClient>[2][]) =>
  hostileClient(
    server(),
    scenario,
    withClock(() => 0),
    ...options,
  );

describe("a stream opens on the attempt that succeeds", () => {
  test.each([
    [
      "rate-limited-then-ok",
      attempt({ status: 429, errorKind: "http", waitMs: 0, waitSource: "retry-after" }),
    ],
    [
      "unavailable-then-ok",
      attempt({ status: 503, errorKind: "http", waitMs: expect.any(Number), waitSource: "backoff" }),
    ],
    [
      "reset-before-headers-then-ok",
      attempt({ errorKind: "network", waitMs: expect.any(Number), waitSource: "backoff" }),
    ],
  ] as const)("%s: the second attempt opens it", async (scenario, first) => {
    const stream = (await clientFor(scenario).chatCompletionStream(hostileStreamRequest))._unsafeUnwrap();

    expect(stream.attempts).toStrictEqual([first, attempt({ status: 200, waitMs: 0 })]);
    expect(await readStream(stream)).toStrictEqual(okChunks);
    expect(server().requests).toHaveLength(2);
    // Both attempts asked for a stream.
    expect(server().requests.map((request) => JSON.parse(request.body).stream)).toStrictEqual([true, true]);
  });

  test("slow-headers: first_byte timeout on each attempt, retried, then the Err", async () => {
    const client = clientFor("slow-headers", withFirstByteTimeout(100), withMaxRetries(1));

    const error = (await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrapErr();

    expect(error).toStrictEqual({
      kind: "timeout",
      message: expect.stringMatching(
        /^timed out after 100 ms waiting for the first response byte \(2 attempts over \d+ ms\)$/,
      ),
      timeout: "first_byte",
      timeoutMs: 100,
      retryable: true,
      attempts: [
        attempt({ errorKind: "timeout", waitMs: expect.any(Number), waitSource: "backoff" }),
        attempt({ errorKind: "timeout", waitMs: 0 }),
      ],
    });
    expect((await server().settledReply(1)).state).toBe("client-closed");
    expect(server().requests).toHaveLength(2);
  });
});

describe("an HTTP error is an Err before the stream opens, never retried when not retryable", () => {
  test("unauthorized: http 401, the echoed key redacted", async () => {
    const error = (
      await clientFor("unauthorized").chatCompletionStream(hostileStreamRequest)
    )._unsafeUnwrapErr();

    expect(error).toMatchObject({
      kind: "http",
      status: 401,
      serverMessage: "Incorrect API key provided: Bearer [redacted] .",
      code: "invalid_api_key",
      retryable: false,
      attempts: [attempt({ status: 401, errorKind: "http", waitMs: 0 })],
    });
    expect(JSON.stringify(error)).not.toContain(plantedKey);
    expect(server().requests).toHaveLength(1);
  });

  test("bad-request: http 400 with the server's message, param and request id", async () => {
    const error = (
      await clientFor("bad-request").chatCompletionStream(hostileStreamRequest)
    )._unsafeUnwrapErr();

    expect(error).toMatchObject({
      kind: "http",
      message: `POST ${server().baseUrl("bad-request")}/chat/completions → 400: Invalid value for 'temperature': must be at most 2.`,
      status: 400,
      param: "temperature",
      code: "invalid_value",
      requestId: "req_bad",
      retryable: false,
      attempts: [attempt({ status: 400, errorKind: "http", waitMs: 0 })],
    });
    expect(server().requests).toHaveLength(1);
  });

  test("redirect-cross-origin: an Err; the other origin saw nothing", async () => {
    const error = (
      await clientFor("redirect-cross-origin").chatCompletionStream(hostileStreamRequest)
    )._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "http", status: 307, retryable: false });
    expect(server().witness.requests).toHaveLength(0);
    expect(server().requests).toHaveLength(1);
  });
});

describe("a stream that delivered a chunk is never retried", () => {
  test.each<[HostileScenario, string]>([
    ["stream-truncated", "network"],
    ["stream-unfinished", "network"],
    ["stream-error-chunk", "http"],
    ["stream-stalled", "timeout"],
  ])("%s: one request, the failure on the last chunk (%s)", async (scenario, kind) => {
    const client = clientFor(scenario, withIdleTimeout(100), withMaxRetries(5));

    const chunks = await readStream(
      (await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrap(),
    );

    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.at(-1)?.error).toMatchObject({ kind, retryable: true });
    expect(server().requests).toHaveLength(1);
  });
});
