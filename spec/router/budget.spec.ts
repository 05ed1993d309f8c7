import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newClient,
  newMemoryStore,
  newRateLimiter,
  newRouter,
  newUserMessage,
  type RouterStore,
  withBaseUrl,
  withBudget,
  withFallbackModels,
  withMaxRetries,
  withMaxTokens,
  withRateLimiter,
  withRoute,
  withRouterStore,
  withTimeout,
} from "../../lib/index.ts";
import { estimateTokens } from "../../lib/router/route-budget.ts";
import {
  answerOf,
  chunk,
  event,
  ok,
  type ScriptServer,
  type Step,
  sseHeaders,
  startScriptServer,
  streamOf,
} from "./support/script-server.ts";

// Budgets and shared state in one process: routers and limiters given one in-process store share
// cool-downs, 429 pauses and rpm/tpm budgets; a spent budget waits (bounded) or falls back.

let servers: ScriptServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(...steps: Step[]): Promise<ScriptServer> {
  const server = await startScriptServer(steps.length === 0 ? [ok("ok")] : steps);
  servers.push(server);
  return server;
}

const json =
  (status: number, body: object, headers: Record<string, string> = {}): Step =>
  (res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  };

const withUsage = (totalTokens: number): Step =>
  json(200, {
    ...answerOf("ok"),
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: totalTokens },
  });

const hi = [newUserMessage("Hi")];
const clientOf = (server: ScriptServer) => newClient(withBaseUrl(server.baseUrl), withMaxRetries(0));

describe("the in-process store", () => {
  test("a budget is spread over its minute: rpm 60 has room for one request a second", () => {
    let now = 0;
    const store = newMemoryStore({ clock: () => now });
    const attempt = { endpoints: [], rate: { key: "api", budget: { rpm: 60, tpm: 6_000 }, tokens: 50 } };
    expect(store.begin(attempt).waitMs).toBe(0);
    // The request budget has room again in 1 s, the token budget (50 of 6_000 a minute) in 500 ms.
    expect(store.begin(attempt).waitMs).toBe(1_000);
    now = 999;
    expect(store.begin(attempt).waitMs).toBe(1);
    now = 1_000;
    expect(store.begin(attempt).waitMs).toBe(0);
    store.settle("api", attempt.rate.budget, 950);
    // 950 tokens more than estimated: the token budget holds the key 9.5 s more.
    expect(store.begin(attempt).waitMs).toBe(10_000);
  });

  test("cool-downs and pauses are never shortened; they end on the store's clock", () => {
    let now = 0;
    const store = newMemoryStore({ clock: () => now });
    store.eject("api#0", 5_000, "http 503");
    store.eject("api#0", 10, "network");
    store.pause("api", 2_000);
    store.pause("api", 1);
    const attempt = { endpoints: ["api#0", "api#1"], rate: { key: "api", budget: {}, tokens: 0 } };
    expect(store.begin(attempt)).toStrictEqual({
      waitMs: 2_000,
      ejections: [
        { forMs: 5_000, reason: "http 503" },
        { forMs: 0, reason: "" },
      ],
    });
    now = 5_000;
    expect(store.begin(attempt)).toStrictEqual({
      waitMs: 0,
      ejections: [
        { forMs: 0, reason: "" },
        { forMs: 0, reason: "" },
      ],
    });
  });

  test("a token estimate is a quarter of the body's characters plus the most it may generate", () => {
    const body = { model: "m", messages: [{ role: "user", content: "Hi" }], max_tokens: 100 };
    expect(estimateTokens(body)).toBe(Math.ceil(JSON.stringify(body).length / 4) + 100);
    expect(estimateTokens({ model: "m", max_completion_tokens: 7, max_tokens: 100 })).toBe(
      Math.ceil(JSON.stringify({ model: "m", max_completion_tokens: 7, max_tokens: 100 }).length / 4) + 7,
    );
  });
});

describe("a route's budget", () => {
  test("spent for longer than maxWaitMs: the call fails at once with a timeout, nothing sent", async () => {
    const server = await serve();
    const router = newRouter(withRoute("api", clientOf(server), withBudget({ rpm: 1, maxWaitMs: 50 })));
    expect((await router.chatCompletion(newChatCompletionRequest("api/m", hi))).isOk()).toBe(true);
    const spent = await router.chatCompletion(newChatCompletionRequest("api/m", hi));
    expect(spent._unsafeUnwrapErr()).toMatchObject({
      kind: "timeout",
      message: "the budget of route api has no room within 50 ms (its longest wait)",
      routeAttempts: [],
    });
    expect(server.count()).toBe(1);
  });

  test("spent for longer than the request's timeout: the same", async () => {
    const server = await serve();
    const router = newRouter(withRoute("api", clientOf(server), withBudget({ rpm: 1 })));
    await router.chatCompletion(newChatCompletionRequest("api/m", hi));
    const spent = await router.chatCompletion(newChatCompletionRequest("api/m", hi, withTimeout(30)));
    expect(spent._unsafeUnwrapErr()).toMatchObject({
      kind: "timeout",
      message: "the budget of route api has no room within 30 ms (its longest wait)",
    });
  });

  test("spent: the caller's signal ends the wait", async () => {
    const server = await serve();
    const router = newRouter(withRoute("api", clientOf(server), withBudget({ rpm: 1 })));
    await router.chatCompletion(newChatCompletionRequest("api/m", hi));
    const spent = await router.chatCompletion(newChatCompletionRequest("api/m", hi), {
      signal: AbortSignal.timeout(20),
    });
    expect(spent._unsafeUnwrapErr().kind).toBe("aborted");
    expect(server.count()).toBe(1);
  });

  test("spent with whenSpent fallback: the next model answers at once; the last model waits", async () => {
    const primary = await serve();
    const backup = await serve();
    const router = newRouter(
      withRoute("primary", clientOf(primary), withBudget({ rpm: 1, whenSpent: "fallback", maxWaitMs: 20 })),
      withRoute("backup", clientOf(backup)),
    );
    const request = newChatCompletionRequest("primary/m", hi, withFallbackModels("backup/m"));
    expect((await router.chatCompletion(request))._unsafeUnwrap().route.provider).toBe("primary");
    expect((await router.chatCompletion(request))._unsafeUnwrap().route.provider).toBe("backup");
    const alone = await router.chatCompletion(newChatCompletionRequest("primary/m", hi));
    expect(alone._unsafeUnwrapErr().kind).toBe("timeout");
    expect([primary.count(), backup.count()]).toStrictEqual([1, 1]);
  });

  test("tpm: the estimate is charged before, and the reported usage settles it after", async () => {
    const server = await serve(withUsage(10), withUsage(10), json(200, answerOf("no usage")));
    // 60_000 tokens a minute: one a millisecond. The estimate (max_tokens 5_000 and the body) holds the
    // budget for over 5 s; the 10 tokens the answer reports give nearly all of it back.
    const router = newRouter(withRoute("api", clientOf(server), withBudget({ tpm: 60_000, maxWaitMs: 200 })));
    const request = newChatCompletionRequest("api/m", hi, withMaxTokens(5_000));
    expect((await router.chatCompletion(request)).isOk()).toBe(true);
    expect((await router.chatCompletion(request)).isOk()).toBe(true);
    // That answer reports no usage: its estimate stays charged, and the next call cannot wait it out.
    expect((await router.chatCompletion(request)).isOk()).toBe(true);
    expect((await router.chatCompletion(request))._unsafeUnwrapErr().kind).toBe("timeout");
    expect(server.count()).toBe(3);
  });

  test("tpm: a stream's usage settles its estimate once the stream hands it over", async () => {
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 10 };
    const withStreamedUsage: Step = (res) => {
      res
        .writeHead(200, sseHeaders)
        .end(`${event(chunk({ content: "ok" }))}${event({ ...chunk({}, "stop"), usage })}data: [DONE]\n\n`);
    };
    const withoutUsage: Step = (res) => {
      res.writeHead(200, sseHeaders).end(streamOf("ok"));
    };
    const server = await serve(withStreamedUsage, withStreamedUsage, withoutUsage);
    const router = newRouter(withRoute("api", clientOf(server), withBudget({ tpm: 60_000, maxWaitMs: 200 })));
    const request = newChatCompletionRequest("api/m", hi, withMaxTokens(5_000));
    const drained = async (): Promise<string> => {
      const opened = await router.chatCompletionStream(request);
      if (opened.isErr()) return opened.error.kind;
      for await (const _ of opened.value);
      return "ok";
    };
    expect([await drained(), await drained(), await drained(), await drained()]).toStrictEqual([
      "ok",
      "ok",
      "ok",
      "timeout",
    ]);
    expect(server.count()).toBe(3);
  });

  test("a bad budget is an invalid request before any call", async () => {
    const server = await serve();
    const router = newRouter(withRoute("api", clientOf(server), withBudget({ rpm: 0 })));
    const result = await router.chatCompletion(newChatCompletionRequest("api/m", hi));
    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: "invalid_request",
      field: "routes.api.budget.rpm",
      routeAttempts: [],
    });
    const other = newRouter(withRoute("api", clientOf(server), withBudget({ whenSpent: "never" as "wait" })));
    expect(
      (await other.chatCompletion(newChatCompletionRequest("api/m", hi)))._unsafeUnwrapErr(),
    ).toMatchObject({
      field: "routes.api.budget.whenSpent",
    });
    expect(server.count()).toBe(0);
  });
});

describe("routers sharing one store", () => {
  const twoRouters = (store: RouterStore, ...servers: ScriptServer[]) =>
    [0, 1].map(() =>
      newRouter(
        withRouterStore(store),
        withRoute("api", ...servers.map(clientOf), withBudget({ maxWaitMs: 50 })),
      ),
    );

  test("a 429 one router sees pauses the other for its Retry-After", async () => {
    const server = await serve(
      json(429, { error: { message: "slow down" } }, { "retry-after": "5" }),
      ok("ok"),
    );
    const [first, second] = twoRouters(newMemoryStore(), server);
    const limited = await first?.chatCompletion(newChatCompletionRequest("api/m", hi));
    expect(limited?._unsafeUnwrapErr()).toMatchObject({ kind: "http", status: 429 });
    const paused = await second?.chatCompletion(newChatCompletionRequest("api/m", hi));
    expect(paused?._unsafeUnwrapErr()).toMatchObject({ kind: "timeout", routeAttempts: [] });
    expect(server.count()).toBe(1);
  });

  test("an endpoint one router ejected is skipped by the other", async () => {
    const failing = await serve(json(503, { error: { message: "down" } }));
    const healthy = await serve();
    const [first, second] = twoRouters(newMemoryStore(), failing, healthy);
    const moved = await first?.chatCompletion(newChatCompletionRequest("api/m", hi));
    expect(moved?._unsafeUnwrap().routeAttempts.map((attempt) => attempt.endpoint)).toStrictEqual([
      "api#0",
      "api#1",
    ]);
    for (let index = 0; index < 3; index++) {
      const skipped = await second?.chatCompletion(newChatCompletionRequest("api/m", hi));
      expect(skipped?._unsafeUnwrap().routeAttempts.map((attempt) => attempt.endpoint)).toStrictEqual([
        "api#1",
      ]);
    }
    expect([failing.count(), healthy.count()]).toStrictEqual([1, 4]);
  });

  test("rate limiters sharing a store and key: one's 429 pauses the other, and they share a budget", async () => {
    const server = await serve(
      json(429, { error: { message: "slow down" } }, { "retry-after": "5" }),
      ok("ok"),
    );
    const store = newMemoryStore();
    const limited = (key: string) =>
      newClient(
        withBaseUrl(server.baseUrl),
        withMaxRetries(0),
        withRateLimiter(newRateLimiter({ store, key, budget: { rpm: 60_000 } })),
      );
    const first = await limited("account").chatCompletion(newChatCompletionRequest("m", hi));
    expect(first._unsafeUnwrapErr()).toMatchObject({ kind: "http", status: 429 });
    const paused = await limited("account").chatCompletion(newChatCompletionRequest("m", hi), {
      signal: AbortSignal.timeout(50),
    });
    expect(paused._unsafeUnwrapErr().kind).toBe("aborted");
    expect(server.count()).toBe(1);
    // Another key is neither paused nor charged.
    expect((await limited("other").chatCompletion(newChatCompletionRequest("m", hi))).isOk()).toBe(true);

    const spent = newRateLimiter({ store, key: "spent", budget: { rpm: 1 } });
    const client = newClient(withBaseUrl(server.baseUrl), withMaxRetries(0), withRateLimiter(spent));
    expect((await client.chatCompletion(newChatCompletionRequest("m", hi))).isOk()).toBe(true);
    const waiting = await client.chatCompletion(newChatCompletionRequest("m", hi), {
      signal: AbortSignal.timeout(50),
    });
    expect(waiting._unsafeUnwrapErr().kind).toBe("aborted");
    expect(spent.state()).toMatchObject({ inFlight: 0 });
    expect(server.count()).toBe(3);
  });
});
