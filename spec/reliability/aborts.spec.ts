import { describe, expect, test } from "vitest";
import { newClient, withApiKey, withBaseUrl, withFetch, withMaxRetryDelay } from "../../lib/index.ts";
import {
  attempt,
  hostileClient,
  hostileRequest,
  plantedKey,
  useHostileServer,
  waitUntil,
} from "./hostile-client.ts";

const server = useHostileServer({ slowHeadersMs: 5_000, maxScenarioMs: 5_000 });

const abortedError = { kind: "aborted", message: "the request was aborted by the caller", retryable: false };

describe("an AbortSignal ends the call at every stage with kind aborted", () => {
  test("before sending: nothing reaches the network", async () => {
    const controller = new AbortController();
    controller.abort();

    const result = await hostileClient(server(), "ok").chatCompletion(hostileRequest, {
      signal: controller.signal,
    });

    expect(result._unsafeUnwrapErr()).toStrictEqual(abortedError);
    expect(server().requests).toHaveLength(0);
    expect(server().connections().opened).toBe(0);
  });

  test("while waiting for the headers: the socket is closed", async () => {
    const controller = new AbortController();
    const pending = hostileClient(server(), "slow-headers").chatCompletion(hostileRequest, {
      signal: controller.signal,
    });
    await waitUntil(() => server().requests.length === 1);
    controller.abort();

    expect((await pending)._unsafeUnwrapErr()).toStrictEqual({
      ...abortedError,
      attempts: [attempt({ errorKind: "aborted", waitMs: 0 })],
    });
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });

  test("mid-body: the socket is closed", async () => {
    const controller = new AbortController();
    // Aborts once the headers are in, while the body is still coming.
    const abortAfterHeaders = withFetch(async (input, init) => {
      const response = await fetch(input, init);
      setTimeout(() => controller.abort(), 20);
      return response;
    });
    const client = hostileClient(server(), "stalled-body", abortAfterHeaders);

    const result = await client.chatCompletion(hostileRequest, { signal: controller.signal });

    expect(result._unsafeUnwrapErr()).toStrictEqual({
      ...abortedError,
      attempts: [attempt({ status: 200, errorKind: "aborted", waitMs: 0 })],
    });
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });

  test("during a retry back-off: no further attempt is made", async () => {
    const controller = new AbortController();
    let calls = 0;
    const rateLimited = withFetch(async () => {
      calls++;
      setTimeout(() => controller.abort(), 50);
      return new Response('{"error":{"message":"slow down"}}', {
        status: 429,
        headers: { "retry-after": "30" },
      });
    });
    const client = newClient(
      withBaseUrl("http://127.0.0.1:9/v1"),
      withApiKey(plantedKey),
      withMaxRetryDelay(60_000),
      rateLimited,
    );

    const result = await client.chatCompletion(hostileRequest, { signal: controller.signal });

    expect(result._unsafeUnwrapErr()).toStrictEqual({
      ...abortedError,
      attempts: [attempt({ status: 429, errorKind: "http", waitMs: 30_000, waitSource: "retry-after" })],
    });
    expect(calls).toBe(1);
  });

  test("an abort with a reason of the caller's own is still kind aborted", async () => {
    const controller = new AbortController();
    const pending = hostileClient(server(), "slow-headers").chatCompletion(hostileRequest, {
      signal: controller.signal,
    });
    await waitUntil(() => server().requests.length === 1);
    controller.abort(new Error(`user left; key ${plantedKey}`));

    const error = (await pending)._unsafeUnwrapErr();
    expect(error).toMatchObject(abortedError);
    expect(JSON.stringify(error)).not.toContain(plantedKey);
  });

  test("AbortSignal.timeout works as a caller's deadline", async () => {
    const result = await hostileClient(server(), "slow-headers").chatCompletion(hostileRequest, {
      signal: AbortSignal.timeout(100),
    });

    expect(result._unsafeUnwrapErr()).toMatchObject(abortedError);
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });
});
