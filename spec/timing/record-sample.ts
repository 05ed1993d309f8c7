// `npm run record -- <sample> [--out <file>]`: runs a sample of samples/ against the live server named by
// CHATWIRE_BASE_URL (CHATWIRE_API_KEY, CHATWIRE_MODEL as the samples read them) and records its traffic,
// in chatwire's timed-http-recording/1 format, to spec/fixtures/recordings/chatwire/<sample>.json.
//
// The contract with the samples: this script sets CHATWIRE_RECORD_TO=<file> for the sample's process; the
// sample's client setup (samples/support/setup.ts) adds `recordTraffic(CHATWIRE_RECORD_TO)` as its last
// client option and awaits `flush()` before it exits. The script then checks the file: a readable
// recording with at least one exchange, and the API key nowhere in it (else the file is deleted).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadRecording } from "../../lib/testing/index.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

function fail(message: string): never {
  console.error(`record: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string" } },
});
const [sample] = positionals;
if (sample === undefined || positionals.length > 1) {
  fail("usage: npm run record -- <sample> [--out <file>]   (a name of samples/, or a path to a sample file)");
}
// A name (`02-streaming`, `02-streaming.ts`) is looked up in samples/; anything else is a path.
const samplePath = existsSync(sample)
  ? resolve(sample)
  : join(root, "samples", `${basename(sample, ".ts")}.ts`);
if (!existsSync(samplePath)) fail(`no sample at ${samplePath}`);
const name = basename(samplePath, extname(samplePath));
const baseUrl = process.env.CHATWIRE_BASE_URL ?? "";
if (baseUrl === "") {
  fail(
    "set CHATWIRE_BASE_URL to the live server's API root (e.g. http://localhost:8080/v1); a replayed sample records nothing",
  );
}
const out = resolve(values.out ?? join(root, "spec", "fixtures", "recordings", "chatwire", `${name}.json`));
mkdirSync(dirname(out), { recursive: true });
rmSync(out, { force: true });

console.log(`record: running ${samplePath} against ${baseUrl}, recording to ${out}`);
const run = spawnSync(process.execPath, [samplePath], {
  cwd: root,
  env: { ...process.env, CHATWIRE_RECORD_TO: out },
  stdio: "inherit",
});
if (run.error !== undefined) fail(`could not start the sample: ${run.error.message}`);
if (run.status !== 0) fail(`the sample exited with ${run.status ?? run.signal}; see its output above`);
if (!existsSync(out)) fail(`the sample wrote no recording: does its client setup honour CHATWIRE_RECORD_TO?`);

const recording = await loadRecording(out);
if (recording.isErr()) fail(`the recording cannot be read back: ${recording.error.message}`);
const key = process.env.CHATWIRE_API_KEY ?? process.env.OPENAI_API_KEY ?? "";
if (key.length >= 8 && readFileSync(out, "utf8").includes(key)) {
  rmSync(out, { force: true });
  fail("the API key appears in the recording: it was deleted, nothing was kept");
}
const { exchanges } = recording.value;
if (exchanges.length === 0) fail("the recording holds no exchange");
console.log(`record: ${exchanges.length} exchange(s) recorded to ${out}`);
