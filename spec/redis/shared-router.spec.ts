import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { newRedisStore } from "../../lib/redis/index.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";
import { type RedisServer, startRedisServer } from "../support/redis-server.ts";
import { runWorkers } from "./support/workers.ts";

// Four processes, each its own router, share one Redis: one rpm budget, one 429 pause, one set of
// cool-downs, against loopback servers that log when each request arrived and from which process.

interface WorkerReport {
  readonly outcomes: Readonly<Record<string, number>>;
  readonly storeErrors: readonly string[];
}

interface Arrival {
  readonly atMs: number;
  readonly worker: string;
}

interface LoggingServer {
  readonly baseUrl: string;
  readonly arrivals: Arrival[];
  readonly server: Server;
}

let redis: RedisServer;
let servers: LoggingServer[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
}, 20_000);

afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  await Promise.all(servers.map(({ server }) => closeServer(server)));
  servers = [];
});

const answer = JSON.stringify({
  id: "chatcmpl-shared",
  object: "chat.completion",
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
});

/** A loopback server logging each arrival; `reply` may answer otherwise (a 429, a 503) and says if it did. */
async function startLoggingServer(
  reply: (res: ServerResponse, arrival: Arrival, arrivals: readonly Arrival[]) => boolean = () => false,
): Promise<LoggingServer> {
  const arrivals: Arrival[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      const arrival = { atMs: Date.now(), worker: String(req.headers["x-worker"]) };
      arrivals.push(arrival);
      if (!reply(res, arrival, arrivals))
        res.writeHead(200, { "content-type": "application/json" }).end(answer);
    });
  });
  const logging = { baseUrl: `${await listenOnLoopback(server)}/v1`, arrivals, server };
  servers.push(logging);
  return logging;
}

const workerNames = ["w1", "w2", "w3", "w4"];

/**
 * How long after a 429 or a 503 a request may still arrive: one the server had not yet answered, or one
 * charged before the pause or cool-down reached Redis, on a loaded machine.
 */
const slackMs = 800;

function runFour(
  prefix: string,
  baseUrls: readonly string[],
  settings: {
    readonly budget?: object;
    readonly cooldownMs: number;
    readonly durationMs: number;
    readonly operationTimeoutMs?: number;
  },
  whileRunning?: () => Promise<void>,
): Promise<WorkerReport[]> {
  return runWorkers<WorkerReport>(
    "spec/redis/support/router-worker.ts",
    workerNames.map((worker) => [
      JSON.stringify({ worker, redisUrl: redis.url, prefix, baseUrls, ...settings }),
    ]),
    undefined,
    whileRunning,
  );
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every call ended answered, or aborted when the worker's time was up, and Redis never failed. */
function expectNoFailure(reports: readonly WorkerReport[], also: readonly string[] = []): void {
  for (const report of reports) {
    expect(report.storeErrors).toStrictEqual([]);
    for (const outcome of Object.keys(report.outcomes)) expect(["ok", "aborted", ...also]).toContain(outcome);
  }
}

describe("4 processes sharing one Redis", () => {
  test("rpm 60 shared: over 10 s the server sees at most 10 (+1) requests", async () => {
    const api = await startLoggingServer();
    const reports = await runFour("rpm:", [api.baseUrl], {
      budget: { rpm: 60 },
      cooldownMs: 1_000,
      durationMs: 10_000,
    });
    expectNoFailure(reports);
    expect(api.arrivals.length).toBeLessThanOrEqual(11);
    expect(api.arrivals.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  test("one process's 429 with Retry-After: 2 stops all four for 2 s", async () => {
    let pausedAtMs: number | undefined;
    const api = await startLoggingServer((res, arrival, arrivals) => {
      // The first request once every process has called gets the 429.
      if (pausedAtMs !== undefined || new Set(arrivals.map((each) => each.worker)).size < 4) return false;
      pausedAtMs = arrival.atMs;
      res.writeHead(429, { "content-type": "application/json", "retry-after": "2" });
      res.end(JSON.stringify({ error: { message: "slow down" } }));
      return true;
    });
    const reports = await runFour("pause:", [api.baseUrl], {
      budget: { rpm: 600 },
      cooldownMs: 100,
      durationMs: 6_500,
    });
    expectNoFailure(reports, ["http 429"]);
    expect(reports.reduce((sum, report) => sum + (report.outcomes["http 429"] ?? 0), 0)).toBe(1);
    const at = pausedAtMs ?? Number.NaN;
    const after = api.arrivals.filter((arrival) => arrival.atMs > at);
    // Requests charged before the pause reached Redis may still land just after the 429 (rpm 600: one
    // every 100 ms); from then on none arrives, from any process, until the 2 s are over.
    const paused = after.filter((arrival) => arrival.atMs < at + 2_000);
    expect(paused.filter((arrival) => arrival.atMs >= at + slackMs)).toStrictEqual([]);
    expect(paused.length).toBeLessThanOrEqual(4);
    const resumed = after.filter((arrival) => arrival.atMs >= at + 2_000).map((arrival) => arrival.worker);
    expect([...new Set(resumed)].sort()).toStrictEqual(workerNames);
  }, 60_000);

  test("an endpoint one process ejected is skipped by the others until its cool-down ends", async () => {
    // Long enough that a loaded machine's delays (slackMs) leave a clear window inside it.
    const cooldownMs = 3_000;
    let failedAtMs: number | undefined;
    const healthy = await startLoggingServer();
    const flaky = await startLoggingServer((res, arrival, arrivals) => {
      if (failedAtMs !== undefined || new Set(arrivals.map((each) => each.worker)).size < 4) return false;
      failedAtMs = arrival.atMs;
      res.writeHead(503, { "content-type": "application/json" }).end('{"error":{"message":"down"}}');
      return true;
    });
    const reports = await runFour("eject:", [healthy.baseUrl, flaky.baseUrl], {
      budget: { rpm: 600 },
      cooldownMs: cooldownMs,
      durationMs: 9_000,
    });
    // The 503 moved its call on to the healthy replica: no call failed.
    expectNoFailure(reports);
    const at = failedAtMs ?? Number.NaN;
    const flakyAfter = flaky.arrivals.filter((arrival) => arrival.atMs > at);
    expect(
      flakyAfter.filter((arrival) => arrival.atMs >= at + slackMs && arrival.atMs < at + cooldownMs),
    ).toStrictEqual([]);
    expect(flakyAfter.filter((arrival) => arrival.atMs < at + slackMs).length).toBeLessThanOrEqual(4);
    // Meanwhile every process kept calling the healthy replica; afterwards the flaky one is used again.
    const meanwhile = healthy.arrivals.filter(
      (arrival) => arrival.atMs >= at + slackMs && arrival.atMs < at + cooldownMs,
    );
    expect([...new Set(meanwhile.map((arrival) => arrival.worker))].sort()).toStrictEqual(workerNames);
    expect(flakyAfter.filter((arrival) => arrival.atMs >= at + cooldownMs).length).toBeGreaterThan(0);
  }, 60_000);

  test("Redis killed while they run: no call fails, each process tells once, and all read Redis again after", async () => {
    const first = await startLoggingServer();
    const second = await startLoggingServer();
    let ejectedAtMs = Number.NaN;
    const reports = await runFour(
      "kill:",
      [first.baseUrl, second.baseUrl],
      { budget: { rpm: 600 }, cooldownMs: 100, durationMs: 9_000, operationTimeoutMs: 1_000 },
      async () => {
        await pause(1_000);
        await redis.kill();
        await pause(1_500);
        await redis.restart();
        // Another process leaves replica #0 out, in the restarted Redis.
        const client = await createClient({ url: redis.url }).connect();
        await newRedisStore(client, { prefix: "kill:" }).eject("api#0", 60_000, "http 503");
        ejectedAtMs = Date.now();
        await client.close();
      },
    );
    for (const report of reports) {
      expect(
        Object.keys(report.outcomes).filter((outcome) => outcome !== "ok" && outcome !== "aborted"),
      ).toStrictEqual([]);
      // One outage, told once in each process.
      expect(report.storeErrors, report.storeErrors.join("\n")).toHaveLength(1);
    }
    // Once each has reconnected (node-redis backs off) and retried Redis, all four skip replica #0.
    const settledAtMs = ejectedAtMs + 2_500;
    expect(first.arrivals.filter((arrival) => arrival.atMs >= settledAtMs)).toStrictEqual([]);
    const after = second.arrivals.filter((arrival) => arrival.atMs >= settledAtMs);
    expect([...new Set(after.map((arrival) => arrival.worker))].sort()).toStrictEqual(workerNames);
  }, 60_000);
});
