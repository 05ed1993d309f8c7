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
import { type GarbageRedis, startGarbageRedis } from "./support/garbage-redis.ts";

// A real node-redis client talking to a "Redis" that answers every script with garbage: calls through
// the router all succeed, on the local state, and the failure is told once.

let fake: GarbageRedis;
let api: Server;
let baseUrl: string;

beforeAll(async () => {
  fake = await startGarbageRedis();
  api = createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: "chatcmpl-garbage",
          object: "chat.completion",
          model: "m",
          choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
        }),
      ),
    );
  });
  baseUrl = `${await listenOnLoopback(api)}/v1`;
});

afterAll(async () => {
  await closeServer(api);
  await fake?.close();
});

describe("a Redis that answers garbage", () => {
  test("every call succeeds on the local state; the failure is told once", async () => {
    const client = await createClient({ url: fake.url }).connect();
    const storeErrors: ChatwireError[] = [];
    const router = newRouter(
      withRouterStore(
        newRedisStore(client, {
          operationTimeoutMs: 300,
          retryAfterMs: 0,
          onStoreError: (error) => storeErrors.push(error),
        }),
      ),
      withRoute("api", newClient(withBaseUrl(baseUrl), withMaxRetries(0)), withBudget({ rpm: 60_000 })),
    );
    const request = newChatCompletionRequest("api/m", [newUserMessage("Hi")]);
    const outcomes: string[] = [];
    for (let index = 0; index < 24; index++) {
      const result = await router.chatCompletion(request);
      outcomes.push(result.isOk() ? "ok" : result.error.message);
    }
    expect(outcomes).toStrictEqual(Array(24).fill("ok"));
    // Every kind of garbage was served (one script a call), and all of it made one report.
    expect(fake.scripts()).toBeGreaterThanOrEqual(8);
    expect(storeErrors).toHaveLength(1);
    expect(storeErrors[0]?.kind).toBe("decode");
    await client.destroy();
  }, 30_000);
});
