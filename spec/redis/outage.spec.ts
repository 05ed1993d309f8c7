import { createServer, type Server } from "node:http";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type ChatwireError,
  newChatCompletionRequest,
  newClient,
  newRouter,
  newUserMessage,
  withBaseUrl,
  withBudget,
  withMaxRetries,
  withRoute,
  withRouterStore,
} from "../../lib/index.ts";
import { newRedisStore } from "../../lib/redis/index.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";
import { type RedisServer, startRedisServer } from "../support/redis-server.ts";

// Redis killed while a router calls through it: no call fails, the outage is reported once, and once
// Redis is back the router reads the shared state again.

const answer = JSON.stringify({
  id: "chatcmpl-outage",
  object: "chat.completion",
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
});

let redis: RedisServer;
const replicas: Server[] = [];
const baseUrls: string[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  for (let index = 0; index < 2; index++) {
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(answer));
    });
    baseUrls.push(`${await listenOnLoopback(server)}/v1`);
    replicas.push(server);
  }
}, 20_000);

afterAll(async () => {
  await Promise.all(replicas.map(closeServer));
  await redis?.stop();
});

describe("Redis killed mid-run", () => {
  test("calls go on with the local state, the outage is told once, and the shared state is read again after", async () => {
    // A client as users create it by default: it queues commands while disconnected and reconnects.
    const client = await createClient({ url: redis.url }).connect();
    const storeErrors: ChatwireError[] = [];
    const store = newRedisStore(client, {
      prefix: "outage:",
      operationTimeoutMs: 200,
      retryAfterMs: 100,
      onStoreError: (error) => storeErrors.push(error),
    });
    const router = newRouter(
      withRouterStore(store),
      withRoute(
        "api",
        ...baseUrls.map((baseUrl) => newClient(withBaseUrl(baseUrl), withMaxRetries(0))),
        withBudget({ rpm: 6_000 }),
      ),
    );
    const request = newChatCompletionRequest("api/m", [newUserMessage("Hi")]);
    const endpointsUsed: string[] = [];
    const call = async (): Promise<void> => {
      const result = await router.chatCompletion(request);
      expect(result.isOk() ? "ok" : result.error.message).toBe("ok");
      if (result.isOk()) endpointsUsed.push(result.value.route.endpoint);
    };

    for (let index = 0; index < 5; index++) await call();
    expect(storeErrors).toStrictEqual([]);

    await redis.kill();
    for (let index = 0; index < 10; index++) await call();
    expect(storeErrors).toHaveLength(1);
    expect(["network", "timeout"]).toContain(storeErrors[0]?.kind);

    await redis.restart();
    for (let waitedMs = 0; !client.isReady; waitedMs += 50) {
      if (waitedMs > 10_000) throw new Error("the client never reconnected");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Another process leaves replica #0 out: once Redis answers again, this router skips it too.
    const other = await createClient({ url: redis.url }).connect();
    await newRedisStore(other, { prefix: "outage:" }).eject("api#0", 30_000, "http 503");
    await other.close();
    endpointsUsed.length = 0;
    for (let calls = 0; endpointsUsed.slice(-5).join() !== Array(5).fill("api#1").join(); calls++) {
      if (calls > 200) throw new Error(`the shared cool-down was never read: ${endpointsUsed.join()}`);
      await call();
    }
    // One outage, one report: the failed retries while Redis was away told nothing more.
    expect(storeErrors).toHaveLength(1);
    await client.close();
  }, 40_000);
});
