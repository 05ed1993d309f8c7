import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRecording, replayTraffic, type TimedRecording } from "../../lib/testing/index.ts";
import { readRecording, startFetchServer } from "../runtimes/loopback-server.ts";
import { cleanEnv, ensureBuilt, nodeTs, repo, runScript, type ScriptRun } from "./run-script.ts";

// Every sample is run as a user runs it (`node samples/NN-….ts`, importing the built package by name),
// offline: it replays the real llama.cpp recordings at their recorded pace. What it prints is checked
// against the recordings. Then the samples whose requests mirror a recording are run "live" against a
// loopback server answering from that recording, with CHATWIRE_RECORD_TO set: the requests they send
// must be the recorded ones.

const sampleFiles = readdirSync(join(repo, "samples"))
  .filter((name) => /^\d\d-.*\.ts$/.test(name))
  .sort();

const runSample = (file: string, env: Record<string, string> = cleanEnv()): Promise<ScriptRun> =>
  runScript(process.execPath, nodeTs(join(repo, "samples", file)), { env, timeoutMs: 45_000 });

/** The text of a recorded answer: a JSON body's first choice, or a stream's content deltas joined. */
function recordedText(name: string, exchange: number, choice = 0): string {
  const body = readRecording(name).exchanges[exchange]?.response.body ?? "";
  if (!body.startsWith("data:")) return JSON.parse(body).choices[choice].message.content;
  return body
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)).choices[0]?.delta?.content)
    .filter((content): content is string => typeof content === "string")
    .join("");
}

/** A recorded streamed tool call's arguments, joined. */
function recordedStreamedArguments(name: string, exchange: number): string {
  const body = readRecording(name).exchanges[exchange]?.response.body ?? "";
  return body
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .flatMap((line) => JSON.parse(line.slice(6)).choices[0]?.delta?.tool_calls ?? [])
    .map((call: { function?: { arguments?: string } }) => call.function?.arguments ?? "")
    .join("");
}

const lines = (run: ScriptRun): string[] => run.stdout.trimEnd().split("\n");
const replayLine = (...names: string[]): string =>
  `replay: no CHATWIRE_BASE_URL set, so this replays real llama.cpp traffic at its recorded pace (${names
    .map((name) => `spec/fixtures/recordings/llama-server/${name}.json`)
    .join(", ")})`;
const number = "\\d+(?:\\.\\d+)?";

/** What each sample must print when replaying: its first line, then lines or patterns found in order. */
const expectations: Readonly<
  Record<
    string,
    {
      readonly first: string;
      readonly shows: readonly (string | RegExp)[];
      readonly alsoCheck?: (run: ScriptRun) => void;
    }
  >
> = {
  "01-basic-chat.ts": {
    first: replayLine("01-basic-chat"),
    shows: [
      `answer: ${JSON.stringify(recordedText("01-basic-chat", 0))}`,
      "finish reason: length",
      "tokens: 26 prompt + 24 completion = 50 total",
      new RegExp(`^latency: ${number} ms over 1 attempt\\(s\\)$`),
    ],
  },
  "02-streaming.ts": {
    first: replayLine("02-streaming-chat"),
    shows: [
      new RegExp(`^first chunk after ${number} ms:$`),
      recordedText("02-streaming-chat", 0),
      new RegExp(`^last chunk after ${number} ms$`),
      `66 chunks, ${recordedText("02-streaming-chat", 0).length} characters, finish reason: length`,
    ],
  },
  "03-multi-turn-conversation.ts": {
    first: replayLine("03-multi-turn-conversation"),
    shows: [
      "turn 1",
      "  user:      What is 2 + 2?",
      `  assistant: ${JSON.stringify(recordedText("03-multi-turn-conversation", 0))}`,
      new RegExp(`^  3 messages so far, 27 prompt tokens, ${number} ms$`),
      "turn 2",
      "  user:      And what is that times 3?",
      `  assistant: ${JSON.stringify(recordedText("03-multi-turn-conversation", 1))}`,
      new RegExp(`^  5 messages so far, 61 prompt tokens, ${number} ms$`),
    ],
  },
  "04-streaming-with-usage.ts": {
    first: replayLine("04-streaming-with-usage"),
    shows: [
      recordedText("04-streaming-with-usage", 0),
      "usage: 33 prompt tokens, 32 completion tokens, 65 total",
      /^about \d+ tokens\/s after the first chunk$/,
    ],
  },
  "05-json-schema.ts": {
    first: replayLine("05-json-schema"),
    shows: [
      'parsed: name "- Derek Petty", year 4',
      "  partial 1: {}",
      '  partial 6: {"name":"<<fragendent ключ","year":9}',
      'streamed and parsed: name "<<fragendent ключ", year 9',
    ],
  },
  "06-tool-calling.ts": {
    first: replayLine("06-tool-calling"),
    shows: [
      '  get_weather called: location "CMDﻤ进度exact萝FIXME rice_heap", unit (default)',
      new RegExp(
        `^step 1: model ${number} ms, tools: get_weather → \\{"temperature":22,"condition":"sunny"\\}$`,
      ),
      new RegExp(`^step 2: model ${number} ms, tools: none$`),
      `final answer: ${JSON.stringify(recordedText("06-tool-calling", 1))}`,
      "transcript: user → assistant → tool → assistant",
      "streamed: 15 chunks",
      `forced call: get_weather(${JSON.stringify(JSON.parse(recordedStreamedArguments("06-tool-calling", 2)))})`,
      'tool message to send back: {"role":"tool","tool_call_id":"sXWbxwzJC6n1CFBicKTOwlbpfnIVZ6Kl","content":"{\\"temperature\\":22,\\"condition\\":\\"sunny\\"}"}',
    ],
  },
  "07-advanced-sampling.ts": {
    first: replayLine("07-advanced-sampling"),
    shows: [
      'sent: {"model":"tiny-qwen2","max_tokens":48,"temperature":0.7,"top_p":0.9,"top_k":40,"repetition_penalty":1.1,"stop":[".","\\n"],"seed":11}',
      `answer: ${JSON.stringify(recordedText("07-advanced-sampling", 0))}`,
      "finish reason: stop (stop: a stop sequence or the model's end)",
      `choice 0: ${JSON.stringify(recordedText("07-advanced-sampling", 1, 0))} (length)`,
      `choice 1: ${JSON.stringify(recordedText("07-advanced-sampling", 1, 1))} (length)`,
    ],
  },
  "08-latency-meter.ts": {
    first: replayLine("02-streaming-chat", "04-streaming-with-usage"),
    shows: [
      "stream 1: 66 chunks",
      new RegExp(`^  headers after +${number} ms$`),
      new RegExp(`^  time to first chunk +${number} ms$`),
      new RegExp(`^  time to first token +${number} ms$`),
      new RegExp(`^  inter-chunk median +${number} ms$`),
      new RegExp(`^  inter-chunk p99 +${number} ms$`),
      new RegExp(`^  inter-chunk max +${number} ms$`),
      new RegExp(`^  last chunk after +${number} ms$`),
      "  tokens per second      - (the server sent no usage)",
      // llama.cpp's own `timings` in the recordings: predicted_per_second 458.8, prompt_ms 3.891 (02);
      // 469.1 and 3.126 (04).
      "  server-side decoding   459 tokens/s (llama.cpp), prompt 3.89 ms",
      "stream 2: 35 chunks",
      new RegExp(`^  time to first chunk +${number} ms$`),
      /^ {2}tokens per second +\d+$/,
      "  server-side decoding   469 tokens/s (llama.cpp), prompt 3.13 ms",
      "inter-chunk gaps of both streams (99):",
      /^ +0–0\.5 ms │█* \d+$/,
      /^ +≥ 50 ms │█* \d+$/,
    ],
    alsoCheck: (run) => {
      // One bar per bucket, counting every gap between the 66 + 35 chunks of the two streams.
      const counts = lines(run)
        .filter((line) => line.includes(" ms │"))
        .map((line) => Number(line.split(" ").at(-1)));
      expect(counts).toHaveLength(11);
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(65 + 34);
    },
  },
  "09-error-handling.ts": {
    first: replayLine("08-context-overflow-error", "01-basic-chat", "01-basic-chat"),
    shows: [
      "1. temperature 5    → not sent, fix the request (temperature): invalid request: temperature must be a number from 0 to 2, got 5",
      "2. 36,000-char prompt → the server said 400 (exceed_context_size_error): request (6030 tokens) exceeds the available context size (4096 tokens), try increasing it",
      "3. aborted signal   → we aborted the call ourselves",
      "4. 1 ms timeout     → the total timeout of 1 ms ran out",
      "5. closed port      → the connection failed (ECONNREFUSED), after 1 attempt(s)",
      /^6\. parse as City {4}→ the model's output was not usable \(not_json\): the output is not JSON: /,
      "unwrapOr: (no answer)",
      "mapErr to the status: 400",
    ],
  },
  "10-fallback-models.ts": {
    first: replayLine("01-basic-chat", "02-streaming-chat"),
    shows: [
      "answered by backup/tiny-qwen2",
      new RegExp(
        `^  primary/tiny-qwen2: network \\(POST http://127\\.0\\.0\\.1:\\d+/v1/chat/completions failed: ECONNREFUSED\\) after ${number} ms$`,
      ),
      new RegExp(`^  backup/tiny-qwen2: answered after ${number} ms$`),
      `  answer: ${JSON.stringify(recordedText("01-basic-chat", 0))}`,
      "streaming from backup/tiny-qwen2",
      new RegExp(`^  primary/tiny-qwen2: network .*ECONNREFUSED.* after ${number} ms$`),
      new RegExp(`^  backup/tiny-qwen2: answered after ${number} ms$`),
      `  ${recordedText("02-streaming-chat", 0).length} characters streamed`,
    ],
  },
  "13-shared-budget.ts": {
    first:
      "replay: no CHATWIRE_BASE_URL set, so one loopback server answers with a real llama.cpp answer (spec/fixtures/recordings/llama-server/01-basic-chat.json)",
    shows: [
      "redis: a redis-server of our own on a free loopback port, no persistence",
      "3 workers, 4 calls each, share one budget of 120 requests a minute (one every 500 ms)",
      /^worker [123]: 4 of 4 answered$/,
      /^worker [123]: 4 of 4 answered$/,
      /^worker [123]: 4 of 4 answered$/,
      /^the server saw 12 requests over \d+ ms$/,
      /^gaps between them: (\d+, ){10}\d+ ms$/,
    ],
    alsoCheck: (run) => {
      // The budget spaces the 12 requests 500 ms apart on Redis's clock: 5.5 s from first to last, less
      // the first request's connection set-up.
      const span = Number(/over (\d+) ms/.exec(run.stdout)?.[1]);
      expect(span).toBeGreaterThanOrEqual(4_000);
    },
  },
  "12-bench.ts": {
    first: replayLine("04-streaming-with-usage"),
    shows: [
      /^\$ chatwire bench --base-url http:\/\/127\.0\.0\.1:\d+\/v1 --model tiny-qwen2 --concurrency 1,2 --requests 4 /,
      /^level +ok +failed +req\/s +out tok\/s +goodput\/s +TTFT p50 +TTFT p99 +TPOT p50/,
      /^concurrency 1 +4 +0 /,
      /^concurrency 2 +4 +0 /,
      "latencies in ms; output tokens: from the server's usage (stream_options.include_usage)",
      /^goodput peaks at concurrency [12]: /,
      "the server's own timings next to the client's (ms):",
      // llama.cpp's own `timings` in recording 04: prompt_ms 3.126, predicted_per_second 469.1 (2.13 ms a token).
      /^concurrency 1 +llama\.cpp \(4\) +\d+(\.\d+)? +3\.13 +\d+(\.\d+)? +2\.13 +3\.13 +66\.1$/,
      /^wrote .*samples\.jsonl, .*summary\.json, .*summary\.md, .*report\.html$/,
    ],
  },
  "11-opentelemetry.ts": {
    first: replayLine("06-tool-calling"),
    // The SDK's console exporters print each span as it ends (children first), then the metrics.
    shows: [
      "── spans of a tool run",
      "  name: 'chat tiny-qwen2',",
      "    'gen_ai.operation.name': 'chat',",
      "    'gen_ai.usage.input_tokens': 197,",
      "    'chatwire.server.format': 'llama.cpp',",
      "      name: 'chatwire.attempt',",
      "  name: 'execute_tool get_weather',",
      "  name: 'chat tiny-qwen2',",
      "  name: 'invoke_agent',",
      "── span of a stream",
      "  name: 'chat tiny-qwen2',",
      "    'gen_ai.request.stream': true,",
      "── metrics",
      "    name: 'gen_ai.client.operation.duration',",
      "    unit: 's',",
      "    name: 'gen_ai.client.token.usage',",
      "    unit: '{token}',",
      "    name: 'gen_ai.client.operation.time_to_first_chunk',",
      "    name: 'gen_ai.client.operation.time_per_output_chunk',",
      /^done: 2 model calls in the tool run, \d+ chunks streamed$/,
    ],
  },
};

/**
 * A sent body, parsed, without the `$schema` URI that valibot's JSON Schema conversion adds to a response
 * format's schema (the recording's client sent the same schema without it).
 */
function withoutSchemaUri(text: string): unknown {
  const body = JSON.parse(text);
  if (body.response_format?.json_schema?.schema !== undefined)
    delete body.response_format.json_schema.schema.$schema;
  return body;
}

/** Checks that every expected line shows, in order (a string: a whole line, or text inside a line). */
function expectShown(run: ScriptRun, shows: readonly (string | RegExp)[]): void {
  const printed = lines(run);
  let from = 1;
  for (const expected of shows) {
    const at = printed.findIndex(
      (line, index) =>
        index >= from && (typeof expected === "string" ? line.includes(expected) : expected.test(line)),
    );
    expect(at, `${String(expected)} after line ${from} of:\n${run.stdout}`).toBeGreaterThanOrEqual(from);
    from = at + 1;
  }
}

beforeAll(ensureBuilt, 130_000);

describe("the samples, offline", () => {
  it("are the ones the docs promise, each with its expectations", () => {
    expect(sampleFiles).toStrictEqual(Object.keys(expectations).sort());
  });

  it.concurrent.each(sampleFiles)(
    "%s replays real traffic and prints what the recording holds",
    async (file) => {
      const run = await runSample(file);
      expect({ code: run.code, stderr: run.stderr }).toStrictEqual({ code: 0, stderr: "" });
      const expected = expectations[file];
      expect(lines(run)[0]).toBe(expected?.first);
      expectShown(run, expected?.shows ?? []);
      expected?.alsoCheck?.(run);
    },
  );

  it("the runner of `npm run samples` says first that it replays, then runs the samples picked", async () => {
    // Every sample already ran above: the runner is checked on two of them.
    const run = await runScript(process.execPath, nodeTs(join(repo, "samples/support/run-all.ts")), {
      env: cleanEnv(),
      timeoutMs: 45_000,
      args: ["01", "07"],
    });
    expect({ code: run.code, stderr: run.stderr }).toStrictEqual({ code: 0, stderr: "" });
    expect(lines(run)[0]).toBe(
      "replay: CHATWIRE_BASE_URL is not set, so each sample replays real llama.cpp traffic at its recorded pace",
    );
    expect(lines(run).filter((line) => line.startsWith("━━ samples/"))).toStrictEqual([
      "━━ samples/01-basic-chat.ts",
      "━━ samples/07-advanced-sampling.ts",
    ]);
    expect(lines(run).filter((line) => line.startsWith("replay: no CHATWIRE_BASE_URL"))).toHaveLength(2);
    expect(lines(run).at(-1)).toBe("all 2 samples ran");
  });

  it("the runner fails when a sample fails", async () => {
    const run = await runScript(process.execPath, nodeTs(join(repo, "samples/support/run-all.ts")), {
      env: cleanEnv({ CHATWIRE_BASE_URL: "not a url" }),
      timeoutMs: 45_000,
      args: ["01"],
    });
    expect(run.code).toBe(1);
    expect(lines(run).at(-1)).toBe("1 of 1 samples failed: 01-basic-chat.ts");
  });
});

describe("the samples, live against a server, recording their traffic", () => {
  const folder = mkdtempSync(join(tmpdir(), "chatwire-samples-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** The samples whose requests are exactly the recorded ones, and the recording each mirrors. */
  const mirrored: readonly (readonly [string, string])[] = [
    ["01-basic-chat.ts", "01-basic-chat"],
    ["02-streaming.ts", "02-streaming-chat"],
    ["03-multi-turn-conversation.ts", "03-multi-turn-conversation"],
    ["04-streaming-with-usage.ts", "04-streaming-with-usage"],
    ["05-json-schema.ts", "05-json-schema"],
    ["07-advanced-sampling.ts", "07-advanced-sampling"],
  ];

  it.concurrent.each(mirrored)("%s sends the requests of %s", async (file, name) => {
    const recording: TimedRecording = readRecording(name);
    const server = await startFetchServer(replayTraffic(recording, { speed: 0 }));
    const recordTo = join(folder, `${name}.json`);
    const run = await runSample(
      file,
      cleanEnv({
        CHATWIRE_BASE_URL: server.baseUrl,
        CHATWIRE_API_KEY: "sk-planted-key-0123456789",
        CHATWIRE_MODEL: "tiny-qwen2",
        CHATWIRE_RECORD_TO: recordTo,
      }),
    );
    await server.close();
    expect({ code: run.code, stderr: run.stderr }).toStrictEqual({ code: 0, stderr: "" });
    expect(lines(run)[0]).toBe(`live: ${server.baseUrl}, model tiny-qwen2, recording to ${recordTo}`);
    expect(lines(run).at(-1)).toBe(`recorded ${recording.exchanges.length} exchanges to ${recordTo}`);
    const sent = server.seen.map(({ method, path, body }) => ({
      method,
      path,
      body: withoutSchemaUri(body),
    }));
    expect(sent).toStrictEqual(
      recording.exchanges.map(({ request }) => ({
        method: request.method,
        path: request.path,
        body: JSON.parse(request.body),
      })),
    );
    const written = (await loadRecording(recordTo))._unsafeUnwrap();
    expect(written.exchanges.map((exchange) => withoutSchemaUri(exchange.request.body))).toStrictEqual(
      sent.map(({ body }) => body),
    );
    expect(JSON.stringify(written)).not.toContain("sk-planted-key-0123456789");
  });
});
