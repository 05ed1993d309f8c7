import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ChatwireError } from "../../lib/index.ts";
import { newRedisStore, type RedisClientLike } from "../../lib/redis/index.ts";
import { type RedisServer, startRedisServer } from "../support/redis-server.ts";

// The Redis store against a real redis-server: what one attempt reads and charges, how keys expire, whose
// clock counts, and what a client that answers nonsense does to it (nothing a caller sees).

let server: RedisServer;
let redis: ReturnType<typeof createClient>;
let prefixes = 0;
/** A prefix no other test uses, so that tests share one server without sharing keys. */
const newPrefix = (): string => `spec${++prefixes}:`;

beforeAll(async () => {
  server = await startRedisServer();
  redis = await createClient({ url: server.url }).connect();
}, 20_000);

afterAll(async () => {
  await redis?.close();
  await server?.stop();
});

/** Polls (every 20 ms, at most 5 s) until `check` holds. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; !(await check()); waited += 20) {
    if (waited > 5_000) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A client that counts the commands it sends. */
function counting(client: RedisClientLike): { readonly client: RedisClientLike; readonly sent: string[][] } {
  const sent: string[][] = [];
  return {
    sent,
    client: {
      sendCommand: (args) => {
        sent.push([...args]);
        return client.sendCommand(args);
      },
    },
  };
}

describe("the Redis store", () => {
  test("an attempt reads the cool-downs and checks and charges the budget in one command", async () => {
    const prefix = newPrefix();
    const { client, sent } = counting(redis);
    const store = newRedisStore(client, { prefix });
    const other = newRedisStore(redis, { prefix });
    await other.eject("api#1", 5_000, "http 503");
    const attempt = { endpoints: ["api#0", "api#1"], rate: { key: "api", budget: { rpm: 60 }, tokens: 0 } };

    const first = await store.begin(attempt);
    expect(first.waitMs).toBe(0);
    expect(first.ejections[0]).toStrictEqual({ forMs: 0, reason: "" });
    expect(first.ejections[1]?.reason).toBe("http 503");
    expect(first.ejections[1]?.forMs).toBeGreaterThan(4_000);
    expect(first.ejections[1]?.forMs).toBeLessThanOrEqual(5_000);
    // rpm 60: the next request has room a second after the first.
    const second = await store.begin(attempt);
    expect(second.waitMs).toBeGreaterThan(0);
    expect(second.waitMs).toBeLessThanOrEqual(1_000);

    sent.length = 0;
    for (let index = 0; index < 10; index++) await store.begin(attempt);
    expect(sent.map((command) => command[0])).toStrictEqual(Array(10).fill("EVALSHA"));
  });

  test("tokens: the estimate is charged, and settling gives back what the answer did not use", async () => {
    const store = newRedisStore(redis, { prefix: newPrefix() });
    // tpm 6_000: 100 tokens hold the budget for a second.
    const attempt = { endpoints: [], rate: { key: "api", budget: { tpm: 6_000 }, tokens: 100 } };
    expect((await store.begin(attempt)).waitMs).toBe(0);
    const spent = await store.begin(attempt);
    expect(spent.waitMs).toBeGreaterThan(500);
    expect(spent.waitMs).toBeLessThanOrEqual(1_000);
    await store.settle("api", { tpm: 6_000 }, -100);
    expect((await store.begin(attempt)).waitMs).toBe(0);
  });

  test("a pause holds every attempt of its key, never shortened by a shorter one", async () => {
    const store = newRedisStore(redis, { prefix: newPrefix() });
    await store.pause("api", 3_000);
    await store.pause("api", 10);
    const attempt = { endpoints: [], rate: { key: "api", budget: {}, tokens: 0 } };
    const paused = await store.begin(attempt);
    expect(paused.waitMs).toBeGreaterThan(2_000);
    expect(paused.waitMs).toBeLessThanOrEqual(3_000);
    // Another key is not paused.
    expect((await store.begin({ endpoints: [], rate: { ...attempt.rate, key: "other" } })).waitMs).toBe(0);
  });

  test("keys expire on their own once their cool-down, pause and budget have passed", async () => {
    const prefix = newPrefix();
    const store = newRedisStore(redis, { prefix });
    await store.eject("api", 150, "network");
    await store.begin({ endpoints: [], rate: { key: "api", budget: { rpm: 600 }, tokens: 0 } });
    const endpointTtl = await redis.pTTL(`${prefix}endpoint:api`);
    const rateTtl = await redis.pTTL(`${prefix}rate:api`);
    expect(endpointTtl).toBeGreaterThan(0);
    expect(endpointTtl).toBeLessThanOrEqual(150);
    // The budget has room again 100 ms on; the key is kept a second beyond that.
    expect(rateTtl).toBeGreaterThan(0);
    expect(rateTtl).toBeLessThanOrEqual(1_100);
    await until(
      async () => (await redis.exists([`${prefix}endpoint:api`, `${prefix}rate:api`])) === 0,
      "expiry",
    );
  });

  test("times come from Redis's clock: stores on clocks an hour apart agree", async () => {
    const prefix = newPrefix();
    const ahead = newRedisStore(redis, { prefix, clock: () => performance.now() + 3_600_000 });
    const behind = newRedisStore(redis, { prefix, clock: () => performance.now() - 3_600_000 });
    await ahead.eject("api", 2_000, "http 500");
    await ahead.pause("api", 1_500);
    const seen = await behind.begin({ endpoints: ["api"], rate: { key: "api", budget: {}, tokens: 0 } });
    expect(seen.ejections[0]?.forMs).toBeGreaterThan(1_000);
    expect(seen.ejections[0]?.forMs).toBeLessThanOrEqual(2_000);
    expect(seen.waitMs).toBeGreaterThan(500);
    expect(seen.waitMs).toBeLessThanOrEqual(1_500);
    // What Redis keeps is on its own clock.
    const [seconds, micros] = (await redis.sendCommand(["TIME"])) as [string, string];
    const redisNowMs = Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
    const untilMs = Number(await redis.hGet(`${prefix}endpoint:api`, "until"));
    expect(untilMs - redisNowMs).toBeGreaterThan(1_000);
    expect(untilMs - redisNowMs).toBeLessThanOrEqual(2_000);
  });

  test("a script Redis has forgotten (a restart, SCRIPT FLUSH) is sent again", async () => {
    const store = newRedisStore(redis, { prefix: newPrefix() });
    const errors: ChatwireError[] = [];
    await store.eject("api", 1_000, "network");
    await redis.scriptFlush();
    const seen = await newRedisStore(redis, { onStoreError: (error) => errors.push(error) }).begin({
      endpoints: [],
    });
    expect(seen).toStrictEqual({ waitMs: 0, ejections: [] });
    expect((await store.begin({ endpoints: ["api"] })).ejections[0]?.reason).toBe("network");
    expect(errors).toStrictEqual([]);
  });
});

describe("a Redis client that fails or answers nonsense", () => {
  const nonsense: readonly [string, () => Promise<unknown>, ChatwireError["kind"]][] = [
    ["an object", () => Promise.resolve({ hello: "world" }), "decode"],
    ["a short array", () => Promise.resolve([0]), "decode"],
    ["a negative wait", () => Promise.resolve([-5, 0, ""]), "decode"],
    ["strings for numbers", () => Promise.resolve(["0", "0", ""]), "decode"],
    ["a non-integer wait", () => Promise.resolve([0.5, 0, ""]), "decode"],
    ["an endless wait", () => Promise.resolve([1e300, 0, ""]), "decode"],
    ["null", () => Promise.resolve(null), "decode"],
    ["a rejection", () => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:1")), "network"],
    ["a rejection with no error", () => Promise.reject(undefined), "network"],
    [
      "a throw",
      () => {
        throw new TypeError("not a client");
      },
      "network",
    ],
    ["no answer", () => new Promise(() => undefined), "timeout"],
  ];

  test.each(nonsense)(
    "%s: the attempt goes on with the local state, reported once",
    async (_, reply, kind) => {
      const errors: ChatwireError[] = [];
      const store = newRedisStore(
        { sendCommand: reply },
        { operationTimeoutMs: 50, onStoreError: (error) => errors.push(error) },
      );
      await store.eject("api#1", 60_000, "http 503");
      const attempt = { endpoints: ["api#0", "api#1"], rate: { key: "api", budget: { rpm: 60 }, tokens: 0 } };
      const answers = [await store.begin(attempt), await store.begin(attempt), await store.begin(attempt)];
      // The local state: the ejection it made, and its own rpm 60 (one now, the next a second on).
      expect(answers.map((answer) => answer.ejections[1]?.reason)).toStrictEqual(Array(3).fill("http 503"));
      expect(answers[0]?.waitMs).toBe(0);
      expect(answers[1]?.waitMs).toBeGreaterThan(0);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.kind).toBe(kind);
      expect(errors[0]?.message).toMatch(/^the store/);
    },
  );

  test("an onStoreError that throws is ignored", async () => {
    const store = newRedisStore(
      { sendCommand: () => Promise.reject(new Error("down")) },
      {
        onStoreError: () => {
          throw new Error("the callback failed");
        },
      },
    );
    await expect(store.begin({ endpoints: ["a"] })).resolves.toStrictEqual({
      waitMs: 0,
      ejections: [{ forMs: 0, reason: "" }],
    });
  });

  test("after an outage, Redis is asked again and its state used; a second outage is reported again", async () => {
    const prefix = newPrefix();
    let isDown = true;
    const errors: ChatwireError[] = [];
    const flaky: RedisClientLike = {
      sendCommand: (args) => (isDown ? Promise.reject(new Error("ECONNRESET")) : redis.sendCommand(args)),
    };
    const store = newRedisStore(flaky, {
      prefix,
      retryAfterMs: 50,
      onStoreError: (error) => errors.push(error),
    });
    for (let index = 0; index < 5; index++) await store.begin({ endpoints: ["api"] });
    expect(errors).toHaveLength(1);

    await newRedisStore(redis, { prefix }).eject("api", 5_000, "http 502");
    isDown = false;
    await until(
      async () => (await store.begin({ endpoints: ["api"] })).ejections[0]?.reason === "http 502",
      "the shared cool-down is read again",
    );
    isDown = true;
    await store.begin({ endpoints: ["api"] });
    await store.begin({ endpoints: ["api"] });
    expect(errors).toHaveLength(2);
    expect(errors.map((error) => error.kind)).toStrictEqual(["network", "network"]);
  });
});
