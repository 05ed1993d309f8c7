// `npm run samples`: runs every sample in turn, each in its own Node process, and fails if one fails.
// Arguments pick samples by prefix: `npm run samples -- 02 08` runs 02-streaming and 08-latency-meter.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const folder = fileURLToPath(new URL("..", import.meta.url));
const picked = process.argv.slice(2);
const samples = readdirSync(folder)
  .filter((name) => /^\d\d-.*\.ts$/.test(name))
  .filter((name) => picked.length === 0 || picked.some((prefix) => name.startsWith(prefix)))
  .sort();

if (samples.length === 0) {
  console.error(`no sample matches ${picked.join(", ")}`);
  process.exit(1);
}

const baseUrl = process.env.CHATWIRE_BASE_URL;
console.log(
  baseUrl === undefined || baseUrl === ""
    ? "replay: CHATWIRE_BASE_URL is not set, so each sample replays real llama.cpp traffic at its recorded pace"
    : `live: each sample calls ${baseUrl}`,
);

const failed: string[] = [];
for (const sample of samples) {
  console.log(`\n━━ samples/${sample}`);
  const run = spawnSync(process.execPath, [`${folder}${sample}`], { stdio: "inherit", timeout: 120_000 });
  if (run.status !== 0) failed.push(sample);
}
console.log(
  failed.length === 0
    ? `\nall ${samples.length} samples ran`
    : `\n${failed.length} of ${samples.length} samples failed: ${failed.join(", ")}`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
