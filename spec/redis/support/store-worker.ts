// One process of the atomicity spec: a Redis store on a local clock skewed by up to an hour either way,
// racing the other processes for one key. It says `ready` on stdout, starts on a line on stdin, then
// prints one JSON line: how many of its attempts were charged, and any store errors.
//   race:   50 attempts at once against rpm 1 (room for exactly one a minute, all processes together)
//   hammer: 4 loops of attempts for 1 s against rpm 6_000 (room for one every 10 ms)
//   eject:  20 ejections at once of one endpoint, each for a random time; prints the longest
import { createInterface } from "node:readline";
import { createClient } from "redis";
import { newRedisStore } from "../../../lib/redis/index.ts";

const [url = "", prefix = "", mode = ""] = process.argv.slice(2);
const redis = await createClient({ url }).connect();
const storeErrors: string[] = [];
const skewMs = (Math.random() * 2 - 1) * 3_600_000;
const store = newRedisStore(redis, {
  prefix,
  operationTimeoutMs: 5_000,
  clock: () => performance.now() + skewMs,
  onStoreError: (error) => storeErrors.push(`${error.kind}: ${error.message}`),
});

console.log("ready");
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once("line", resolve));
lines.close();

const attempt = (rpm: number) =>
  store.begin({ endpoints: [], rate: { key: "shared", budget: { rpm }, tokens: 0 } });
let admitted = 0;
let longestMs = 0;
if (mode === "race") {
  const answers = await Promise.all(Array.from({ length: 50 }, () => attempt(1)));
  admitted = answers.filter((answer) => answer.waitMs === 0).length;
} else if (mode === "hammer") {
  const endAt = performance.now() + 1_000;
  const loop = async (): Promise<void> => {
    while (performance.now() < endAt) if ((await attempt(6_000)).waitMs === 0) admitted++;
  };
  await Promise.all([loop(), loop(), loop(), loop()]);
} else if (mode === "eject") {
  const times = Array.from({ length: 20 }, () => 10_000 + Math.floor(Math.random() * 50_000));
  longestMs = Math.max(...times);
  await Promise.all(times.map((forMs) => store.eject("api", forMs, `for ${forMs}`)));
}
console.log(JSON.stringify({ admitted, longestMs, storeErrors }));
await redis.close();
