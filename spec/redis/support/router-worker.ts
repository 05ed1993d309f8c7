// One process of the multi-process specs: a router whose cool-downs and budget live in a shared Redis,
// calling one route (replicas at `baseUrls`) in a loop. It says `ready` on stdout, starts on a line on
// stdin, calls for `durationMs`, then prints one JSON line: how its calls ended, and any store errors.
// Every request names the worker in an `x-worker` header, so that the server can tell them apart.
import { createInterface } from "node:readline";
import { createClient } from "redis";
import {
  newChatCompletionRequest,
  newClient,
  newRouter,
  newUserMessage,
  type RouteBudget,
  withBaseUrl,
  withBudget,
  withCooldown,
  withHeaders,
  withMaxRetries,
  withRoute,
  withRouterStore,
} from "../../../lib/index.ts";
import { newRedisStore } from "../../../lib/redis/index.ts";

interface WorkerOptions {
  readonly worker: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly baseUrls: readonly string[];
  readonly budget?: RouteBudget;
  readonly cooldownMs: number;
  readonly durationMs: number;
  readonly operationTimeoutMs?: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as WorkerOptions;
const redis = await createClient({ url: options.redisUrl }).connect();
const storeErrors: string[] = [];
const store = newRedisStore(redis, {
  prefix: options.prefix,
  operationTimeoutMs: options.operationTimeoutMs ?? 2_000,
  onStoreError: (error) => storeErrors.push(`${error.kind}: ${error.message}`),
});
const clients = options.baseUrls.map((baseUrl) =>
  newClient(withBaseUrl(baseUrl), withMaxRetries(0), withHeaders({ "x-worker": options.worker })),
);
const router = newRouter(
  withRouterStore(store),
  withCooldown(options.cooldownMs),
  withRoute("api", ...clients, ...(options.budget === undefined ? [] : [withBudget(options.budget)])),
);
const request = newChatCompletionRequest("api/m", [newUserMessage("Hi")]);

console.log("ready");
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once("line", resolve));
lines.close();

const signal = AbortSignal.timeout(options.durationMs);
const outcomes: Record<string, number> = {};
while (!signal.aborted) {
  const result = await router.chatCompletion(request, { signal });
  const outcome = result.isOk()
    ? "ok"
    : result.error.kind === "http"
      ? `http ${result.error.status}`
      : result.error.kind;
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
}
console.log(JSON.stringify({ outcomes, storeErrors }));
await redis.close();
