import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RedisServer, startRedisServer } from "../support/redis-server.ts";
import { runWorkers } from "./support/workers.ts";

// Eight processes, each with its own Redis client and a local clock skewed by up to an hour, race for one
// key. Only atomic updates on Redis's clock keep the budget: a read-then-write store would let several
// processes take the same room.

interface StoreReport {
  readonly admitted: number;
  readonly longestMs: number;
  readonly storeErrors: readonly string[];
}

let server: RedisServer;
let redis: ReturnType<typeof createClient>;

beforeAll(async () => {
  server = await startRedisServer();
  redis = await createClient({ url: server.url }).connect();
}, 20_000);

afterAll(async () => {
  await redis?.close();
  await server?.stop();
});

const redisNowMs = async (): Promise<number> => {
  const [seconds, micros] = (await redis.sendCommand(["TIME"])) as [string, string];
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
};

const eight = (prefix: string, mode: string): string[][] =>
  Array.from({ length: 8 }, () => [server.url, prefix, mode]);

describe("8 processes on one key", () => {
  test("400 attempts at once against rpm 1: exactly one is charged", async () => {
    const reports = await runWorkers<StoreReport>(
      "spec/redis/support/store-worker.ts",
      eight("race:", "race"),
    );
    expect(reports.flatMap((report) => report.storeErrors)).toStrictEqual([]);
    expect(reports.reduce((sum, report) => sum + report.admitted, 0)).toBe(1);
  }, 60_000);

  test("1 s of attempts against rpm 6_000: never more than one charged per 10 ms of Redis time", async () => {
    const startedMs = await redisNowMs();
    const reports = await runWorkers<StoreReport>(
      "spec/redis/support/store-worker.ts",
      eight("hammer:", "hammer"),
    );
    const elapsedMs = (await redisNowMs()) - startedMs;
    expect(reports.flatMap((report) => report.storeErrors)).toStrictEqual([]);
    const admitted = reports.reduce((sum, report) => sum + report.admitted, 0);
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThanOrEqual(Math.floor(elapsedMs / 10) + 1);
  }, 60_000);

  test("160 ejections at once: the one that ends last wins", async () => {
    const startedMs = await redisNowMs();
    const reports = await runWorkers<StoreReport>(
      "spec/redis/support/store-worker.ts",
      eight("eject:", "eject"),
    );
    const spreadMs = (await redisNowMs()) - startedMs;
    expect(reports.flatMap((report) => report.storeErrors)).toStrictEqual([]);
    const longestMs = Math.max(...reports.map((report) => report.longestMs));
    const [until, reason] = await redis.hmGet("eject:endpoint:api", ["until", "reason"]);
    // Each ejection ends at Redis's time when it ran plus its cool-down: one a few milliseconds shorter than
    // the longest, sent later, may end last. No ejection that ends earlier may replace it.
    const winnerMs = Number(/^for (\d+)$/.exec(reason ?? "")?.[1]);
    expect(winnerMs).toBeLessThanOrEqual(longestMs);
    expect(winnerMs).toBeGreaterThanOrEqual(longestMs - spreadMs);
    expect(Number(until)).toBeGreaterThanOrEqual(startedMs + longestMs);
    const leftMs = Number(until) - (await redisNowMs());
    expect(leftMs).toBeGreaterThan(longestMs - 30_000);
    expect(leftMs).toBeLessThanOrEqual(longestMs);
    const ttlMs = await redis.pTTL("eject:endpoint:api");
    expect(Math.abs(ttlMs - leftMs)).toBeLessThanOrEqual(50);
  }, 60_000);
});
