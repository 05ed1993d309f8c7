import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  type Client,
  newChatCompletionRequest,
  newClient,
  newRouter,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withCooldown,
  withMaxRetries,
  withRoute,
  withRouterClock,
} from "../../lib/index.ts";
import { type HostileServer, startHostileServer } from "../support/hostile-server.ts";

const hi = [newUserMessage("Hi")];
const replicaAt = (baseUrl: string): Client =>
  newClient(withBaseUrl(baseUrl), withApiKey("sk-replica-test"), withMaxRetries(0));

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer({ slowHeadersMs: 150 });
});
afterAll(() => server.close());
afterEach(() => server.reset());

/** How many requests reached each of the given base URLs. */
const served = (...baseUrls: string[]): number[] =>
  baseUrls.map(
    (baseUrl) =>
      server.requests.filter((request) => `${server.origin}${request.path}`.startsWith(baseUrl)).length,
  );

describe("a route over three replicas", () => {
  test("with one down, every call succeeds and the down one is skipped after its first failure", async () => {
    const now = 0;
    const down = server.baseUrl("unavailable");
    const [upA, upB] = [`${server.origin}/s/ok/v1`, `${server.origin}/v1`];
    const router = newRouter(
      withRoute("local", replicaAt(down), replicaAt(upA), replicaAt(upB)),
      withRouterClock(() => now),
    );

    const results = [];
    for (let call = 0; call < 6; call++) {
      results.push(await router.chatCompletion(newChatCompletionRequest("local/ok", hi)));
    }

    expect(results.map((result) => result.isOk())).toStrictEqual([true, true, true, true, true, true]);
    const [first, ...rest] = results.map((result) => result._unsafeUnwrap());
    expect(first?.routeAttempts.map((attempt) => [attempt.endpoint, attempt.error?.kind])).toStrictEqual([
      ["local#0", "http"],
      ["local#1", undefined],
    ]);
    expect(rest.every((response) => response.routeAttempts.length === 1)).toBe(true);
    const [toDown, toA, toB] = served(down, upA, upB);
    expect(toDown).toBe(1);
    expect(toA).toBeGreaterThan(1);
    expect(toB).toBeGreaterThan(1);
    expect(router.endpoints()).toStrictEqual([
      { endpoint: "local#0", inFlight: 0, ejectedForMs: 30_000 },
      { endpoint: "local#1", inFlight: 0, ejectedForMs: 0 },
      { endpoint: "local#2", inFlight: 0, ejectedForMs: 0 },
    ]);
  });

  test("an ejected replica is tried again once its cool-down is over", async () => {
    let now = 0;
    const flaky = server.baseUrl("status-503-then-ok");
    const router = newRouter(
      withRoute("local", replicaAt(flaky), replicaAt(`${server.origin}/s/ok/v1`)),
      withCooldown(1_000),
      withRouterClock(() => now),
    );

    await router.chatCompletion(newChatCompletionRequest("local/ok", hi));
    await router.chatCompletion(newChatCompletionRequest("local/ok", hi));
    expect(served(flaky)).toStrictEqual([1]);
    now += 1_000;
    const back = await router.chatCompletion(newChatCompletionRequest("local/ok", hi));

    expect(back._unsafeUnwrap().route.endpoint).toBe("local#0");
    expect(served(flaky)).toStrictEqual([2]);
  });

  test("each call goes to the replica with the fewest calls in flight", async () => {
    const slow = server.baseUrl("slow-headers");
    const fast = `${server.origin}/s/ok/v1`;
    const router = newRouter(withRoute("local", replicaAt(slow), replicaAt(fast)));

    const pending = router.chatCompletion(newChatCompletionRequest("local/ok", hi));
    const quick = [];
    for (let call = 0; call < 3; call++)
      quick.push(await router.chatCompletion(newChatCompletionRequest("local/ok", hi)));
    const held = await pending;

    expect(held._unsafeUnwrap().route.endpoint).toBe("local#0");
    expect(quick.map((result) => result._unsafeUnwrap().route.endpoint)).toStrictEqual([
      "local#1",
      "local#1",
      "local#1",
    ]);
    expect(served(slow, fast)).toStrictEqual([1, 3]);
  });
});
