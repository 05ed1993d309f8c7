import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withBaseUrl,
  withFetch,
} from "../../lib/index.ts";
import { loadRecording, replayTraffic } from "../../lib/testing/index.ts";
import { llamaRecording } from "./timing-fixtures.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const plantedKey = "sk-record-planted-0123456789";
const lib = (path: string) => JSON.stringify(pathToFileURL(join(root, "lib", path)).href);

/** A sample that honours the contract of samples/support/setup.ts: it records to CHATWIRE_RECORD_TO. */
const honouringSample = `
import { newChatCompletionRequest, newClient, newUserMessage, withApiKey, withBaseUrl } from ${lib("index.ts")};
import { recordTraffic } from ${lib("testing/index.ts")};
const recorder = recordTraffic(process.env.CHATWIRE_RECORD_TO);
const client = newClient(withBaseUrl(process.env.CHATWIRE_BASE_URL), withApiKey(process.env.CHATWIRE_API_KEY), recorder);
const result = await client.chatCompletion(newChatCompletionRequest("tiny", [newUserMessage("Hi")]));
console.log(result.isOk() ? "answered" : result.error.message);
(await recorder.flush()).mapErr((error) => { console.error(error.message); process.exitCode = 1; });
`;

/** A sample that calls the server but records nothing. */
const ignoringSample = `
const answer = await fetch(process.env.CHATWIRE_BASE_URL + "/chat/completions", { method: "POST", body: "{}" });
console.log(answer.status);
`;

let server: Server;
let baseUrl = "";
let answerBody = "";
const seenKeys: (string | undefined)[] = [];
let folder = "";

beforeAll(async () => {
  answerBody = (await llamaRecording("01-basic-chat")).exchanges[0]!.response.body;
  folder = mkdtempSync(join(tmpdir(), "chatwire-record-"));
  server = createServer((request, response) => {
    seenKeys.push(request.headers.authorization);
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end(answerBody));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the record script on a sample file; never rejects. */
function record(sampleText: string, name: string) {
  const sample = join(folder, `${name}.ts`);
  const out = join(folder, `${name}.json`);
  writeFileSync(sample, sampleText);
  return new Promise<{ code: number | null; output: string; out: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(root, "spec", "timing", "record-sample.ts"), sample, "--out", out],
      {
        cwd: root,
        env: { ...process.env, CHATWIRE_BASE_URL: baseUrl, CHATWIRE_API_KEY: plantedKey },
        timeout: 15_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (error.code as number), output: stdout + stderr, out }),
    );
  });
}

describe("npm run record", () => {
  test("runs the sample with CHATWIRE_RECORD_TO set; the recording replays through chatwire; no key in it", async () => {
    const { code, output, out } = await record(honouringSample, "honouring");
    expect(output).toContain("record: 1 exchange(s) recorded to");
    expect(code).toBe(0);
    expect(seenKeys.at(-1)).toBe(`Bearer ${plantedKey}`);
    expect(readFileSync(out, "utf8")).not.toContain(plantedKey);
    const recording = (await loadRecording(out))._unsafeUnwrap();
    expect(
      recording.exchanges.map(({ request, response }) => [request.method, request.path, response.status]),
    ).toStrictEqual([["POST", "/v1/chat/completions", 200]]);
    const replayed = await newClient(
      withBaseUrl(baseUrl),
      withFetch(replayTraffic(recording, { speed: 0 })),
    ).chatCompletion(newChatCompletionRequest("tiny", [newUserMessage("Hi")]));
    const { latencyMs: _latency, attempts: _attempts, timing: _timing, ...body } = replayed._unsafeUnwrap();
    expect(body).toStrictEqual(JSON.parse(answerBody));
  });

  test("a sample that does not honour CHATWIRE_RECORD_TO is reported, not silently recorded empty", async () => {
    const { code, output } = await record(ignoringSample, "ignoring");
    expect(code).toBe(1);
    expect(output).toContain(
      "the sample wrote no recording: does its client setup honour CHATWIRE_RECORD_TO?",
    );
  });
});
