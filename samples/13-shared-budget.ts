// 13 shared budget: three worker processes, each with its own router, share one budget of requests a
// minute through Redis (chatwire/redis), against one server. Each worker asks as fast as it can; the
// budget, kept atomically in Redis on Redis's clock, lets one request through every 500 ms in all.
// Redis: CHATWIRE_REDIS_URL when set; otherwise this starts its own redis-server (Debian's package:
// `apt-get install redis-server`) on a free loopback port, without persistence, and stops it at the end.
// The server: CHATWIRE_BASE_URL when set; otherwise a loopback server answering with a real recorded
// llama.cpp answer. Needs the `redis` package (`npm i redis`), chatwire's optional peer dependency.
// Run: npm run build && node samples/13-shared-budget.ts

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import {
  newChatCompletionRequest,
  newClient,
  newRouter,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withBudget,
  withHeaders,
  withMaxTokens,
  withRoute,
  withRouterStore,
} from "chatwire";
import { newRedisStore } from "chatwire/redis";
import { createClient } from "redis";
import { downEndpointUrl, recordingsFolder } from "./support/setup.ts";

const rpm = 120;
const callsPerWorker = 4;
const workers = 3;
const recording = "01-basic-chat";

// ── A worker: `node samples/13-shared-budget.ts worker <redis url> <base url> <name>` ──────────────────
async function work(redisUrl: string, baseUrl: string, name: string): Promise<void> {
  const redis = await createClient({ url: redisUrl, disableOfflineQueue: true }).connect();
  const apiKey = process.env.CHATWIRE_API_KEY;
  const router = newRouter(
    // Every worker names the route alike: its budget and cool-downs are kept under the same keys.
    withRouterStore(
      newRedisStore(redis, { prefix: "sample-13:", onStoreError: (e) => console.error(e.message) }),
    ),
    withRoute(
      "llm",
      newClient(
        withBaseUrl(baseUrl),
        withHeaders({ "x-worker": name }),
        ...(apiKey === undefined || apiKey === "" ? [] : [withApiKey(apiKey)]),
      ),
      withBudget({ rpm }),
    ),
  );
  const model = process.env.CHATWIRE_MODEL || "tiny-qwen2";
  let answered = 0;
  for (let call = 0; call < callsPerWorker; call++) {
    const result = await router.chatCompletion(
      newChatCompletionRequest(
        `llm/${model}`,
        [newUserMessage("What is the capital of France?")],
        withMaxTokens(24),
      ),
    );
    result.match(
      () => answered++,
      (error) => console.error(`${name}: ${error.kind}: ${error.message}`),
    );
  }
  console.log(`${name}: ${answered} of ${callsPerWorker} answered`);
  await redis.close();
}

// ── The sample: Redis, one server, three workers ───────────────────────────────────────────────────────
/** Starts redis-server on a free loopback port; undefined when it is not installed. */
async function startRedis(): Promise<{ readonly url: string; readonly child: ChildProcess } | undefined> {
  const port = Number(new URL(await downEndpointUrl()).port);
  const child = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  const isReady = await new Promise<boolean>((resolve) => {
    child.once("error", () => resolve(false));
    child.stdout.on("data", (data: Buffer) => {
      if (data.toString().includes("Ready to accept connections")) resolve(true);
    });
    child.once("exit", () => resolve(false));
  });
  return isReady ? { url: `redis://127.0.0.1:${port}`, child } : undefined;
}

/** A loopback server answering every chat completion with the recorded answer, noting when each arrived. */
async function startRecordedServer(
  arrivals: number[],
): Promise<{ readonly baseUrl: string; readonly close: () => void }> {
  const path = fileURLToPath(new URL(`../${recordingsFolder}/${recording}.json`, import.meta.url));
  const { response } = JSON.parse(readFileSync(path, "utf8")).exchanges[0];
  const server = createServer((req, res) => {
    arrivals.push(performance.now());
    req.resume();
    req.on("end", () =>
      res.writeHead(response.status, { "content-type": "application/json" }).end(response.body),
    );
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    }),
  );
  return { baseUrl: `http://127.0.0.1:${port}/v1`, close: () => server.close() };
}

function runWorker(redisUrl: string, baseUrl: string, name: string): Promise<number | null> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "worker", redisUrl, baseUrl, name], {
    stdio: "inherit",
  });
  return new Promise((resolve) => child.once("exit", resolve));
}

async function main(): Promise<void> {
  const liveUrl = process.env.CHATWIRE_BASE_URL || undefined;
  const arrivals: number[] = [];
  const server = liveUrl === undefined ? await startRecordedServer(arrivals) : undefined;
  console.log(
    server === undefined
      ? `live: ${liveUrl}`
      : `replay: no CHATWIRE_BASE_URL set, so one loopback server answers with a real llama.cpp answer (${recordingsFolder}/${recording}.json)`,
  );
  const redisUrl = process.env.CHATWIRE_REDIS_URL || undefined;
  const redis = redisUrl === undefined ? await startRedis() : undefined;
  const url = redisUrl ?? redis?.url;
  if (url === undefined) {
    console.log(
      "redis-server is not installed (apt-get install redis-server) and CHATWIRE_REDIS_URL is not set: nothing to share, so nothing to show",
    );
    server?.close();
    return;
  }
  console.log(
    redis === undefined
      ? "redis: CHATWIRE_REDIS_URL"
      : "redis: a redis-server of our own on a free loopback port, no persistence",
  );
  console.log(
    `${workers} workers, ${callsPerWorker} calls each, share one budget of ${rpm} requests a minute (one every ${60_000 / rpm} ms)`,
  );
  const codes = await Promise.all(
    Array.from({ length: workers }, (_, index) =>
      runWorker(url, liveUrl ?? server?.baseUrl ?? "", `worker ${index + 1}`),
    ),
  );
  if (server !== undefined) {
    const first = arrivals[0] ?? 0;
    const gaps = arrivals.slice(1).map((at, index) => at - (arrivals[index] ?? at));
    console.log(
      `the server saw ${arrivals.length} requests over ${((arrivals.at(-1) ?? first) - first).toFixed(0)} ms`,
    );
    // Measured where they arrive: the first of each worker also opens its connection, so gaps wobble a little.
    console.log(`gaps between them: ${gaps.map((gap) => gap.toFixed(0)).join(", ")} ms`);
  }
  redis?.child.kill();
  server?.close();
  if (codes.some((code) => code !== 0)) process.exitCode = 1;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "worker") await work(args[0] ?? "", args[1] ?? "", args[2] ?? "worker");
else await main();
