import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withBaseUrl,
  withFetch,
} from "../../lib/index.ts";
import {
  loadRecording,
  newVirtualScheduler,
  parseRecording,
  replayErrorStatus,
  replayTraffic,
  type TimedRecording,
} from "../../lib/testing/index.ts";
import { llamaRecordings, readTimedChunks, toMicroseconds } from "./timed-body.ts";

const url = "http://llama.local/v1/chat/completions";
const streamingPath = join(llamaRecordings, "02-streaming-chat.json");
const basicPath = join(llamaRecordings, "01-basic-chat.json");
const request = newChatCompletionRequest("tiny-qwen2", [newUserMessage("Hi")]);
let streaming: TimedRecording;
let folder: string;

beforeAll(async () => {
  streaming = (await loadRecording(streamingPath))._unsafeUnwrap();
  folder = await mkdtemp(join(tmpdir(), "chatwire-replay-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const post = { method: "POST", body: "{}" } as const;
const recorded = () => streaming.exchanges[0]!.response;

describe("replayTraffic: pace", () => {
  it("plays headers and pieces at their recorded times divided by the speed", async () => {
    const time = newVirtualScheduler();
    const replayed = await replayTraffic(streaming, { speed: 10, scheduler: time })(url, post);
    expect(toMicroseconds(time.now())).toBe(toMicroseconds(recorded().headersAtMs / 10));
    expect(await readTimedChunks(replayed.body, time.now, 0)).toStrictEqual(
      recorded().chunks.map((chunk) => ({ ...chunk, atMs: toMicroseconds(chunk.atMs / 10) })),
    );
  });

  it("plays everything at once at speed 0, still one recorded piece a read", async () => {
    const time = newVirtualScheduler();
    const replayed = await replayTraffic(streaming, { speed: 0, scheduler: time })(url, post);
    expect(await readTimedChunks(replayed.body, time.now, 0)).toStrictEqual(
      recorded().chunks.map((chunk) => ({ ...chunk, atMs: 0 })),
    );
  });

  it("on real time, never delivers a piece before it is due, and keeps the order", async () => {
    const speed = 4;
    const startMs = performance.now();
    const replayed = await replayTraffic(streamingPath, { speed })(url, post);
    const chunks = await readTimedChunks(replayed.body, () => performance.now(), startMs);
    expect(chunks.map((chunk) => chunk.base64)).toStrictEqual(recorded().chunks.map((chunk) => chunk.base64));
    const lateness = chunks.map((chunk, index) => chunk.atMs - recorded().chunks[index]!.atMs / speed);
    expect(lateness.every((ms) => ms >= 0)).toBe(true);
  });

  it("keeps each replay's times exact when several play at once on one virtual scheduler", async () => {
    const time = newVirtualScheduler();
    const usage = (
      await loadRecording(join(llamaRecordings, "04-streaming-with-usage.json"))
    )._unsafeUnwrap();
    const [first, second] = await Promise.all([
      replayTraffic(streaming, { scheduler: time })(url, post),
      replayTraffic(usage, { scheduler: time })(url, post),
    ]);
    const [firstChunks, secondChunks] = await Promise.all([
      readTimedChunks(first.body, time.now, 0),
      readTimedChunks(second.body, time.now, 0),
    ]);
    expect(firstChunks).toStrictEqual(recorded().chunks);
    expect(secondChunks).toStrictEqual(usage.exchanges[0]!.response.chunks);
  });

  it("gives each read its own copy of the bytes, so a second replay is unchanged", async () => {
    const fetch = replayTraffic(streaming, { speed: 0 });
    const first = await fetch(url, post);
    const reader = first.body!.getReader();
    (await reader.read()).value!.fill(0);
    await reader.cancel();
    const again = await replayTraffic(streaming, { speed: 0 })(url, post);
    expect(await again.text()).toBe(recorded().body);
  });
});

describe("replayTraffic: aborts", () => {
  it("rejects with the signal's reason when aborted before the headers are due", async () => {
    const controller = new AbortController();
    const pending = replayTraffic(streaming, { scheduler: newVirtualScheduler() })(url, {
      ...post,
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("errors the body when aborted mid-body, and chatwire reports an aborted call", async () => {
    const controller = new AbortController();
    const time = newVirtualScheduler();
    const replayed = await replayTraffic(streaming, { scheduler: time })(url, {
      ...post,
      signal: controller.signal,
    });
    const reader = replayed.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });

    const client = newClient(withBaseUrl("http://llama.local/v1"), withFetch(replayTraffic(basicPath)));
    const call = client.chatCompletion(request, { signal: AbortSignal.timeout(1) });
    expect((await call)._unsafeUnwrapErr().kind).toBe("aborted");
  });

  it("stops its timers when the consumer cancels the body", async () => {
    const time = newVirtualScheduler();
    const replayed = await replayTraffic(streaming, { scheduler: time })(url, post);
    const reader = replayed.body!.getReader();
    await reader.read();
    const pending = reader.read();
    await reader.cancel();
    expect((await pending).done).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(toMicroseconds(time.now())).toBe(recorded().chunks[0]!.atMs);
  });
});

describe("replayTraffic: requests it cannot answer", () => {
  const client = (fetch: ReturnType<typeof replayTraffic>, baseUrl = "http://llama.local/v1") =>
    newClient(withBaseUrl(baseUrl), withFetch(fetch));

  it("answers a request with no exchange left with a 404 whose message says why, not retried", async () => {
    const fetch = replayTraffic(basicPath, { speed: 0 });
    expect((await client(fetch).chatCompletion(request)).isOk()).toBe(true);
    const error = (await client(fetch).chatCompletion(request))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      kind: "http",
      status: replayErrorStatus,
      serverMessage:
        "chatwire replay: no recorded exchange left for POST /v1/chat/completions; all 1 recorded exchanges were used",
      type: "replay_error",
      code: "no_exchange",
      retryable: false,
    });
    expect(error.kind === "http" && error.attempts).toHaveLength(1);
  });

  it("names the next unused exchange when the method or the path differs", async () => {
    const fetch = replayTraffic(basicPath, { speed: 0 });
    const error = (await client(fetch, "http://llama.local/api/v1").listModels())._unsafeUnwrapErr();
    expect(error).toMatchObject({
      status: replayErrorStatus,
      serverMessage:
        "chatwire replay: no recorded exchange left for GET /api/v1/models; the next unused one is POST /v1/chat/completions",
    });
  });

  it("answers every request with the reason when the recording file cannot be used", async () => {
    const missing = join(folder, "missing.json");
    const error = (await client(replayTraffic(missing)).chatCompletion(request))._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: "http", status: replayErrorStatus, code: "bad_recording" });
    expect(error.kind === "http" && error.serverMessage).toMatch(
      `chatwire replay: could not read the recording ${missing}: ENOENT`,
    );
  });

  it("answers with the reason when the speed is negative", async () => {
    const error = (
      await client(replayTraffic(streaming, { speed: -1 })).chatCompletion(request)
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({
      status: replayErrorStatus,
      serverMessage: "chatwire replay: speed must be ≥ 0, got -1",
      code: "bad_option",
    });
  });
});

describe("loadRecording and parseRecording", () => {
  it("reads every field of a real recording", async () => {
    const recording = (await loadRecording(basicPath))._unsafeUnwrap();
    expect(recording.exchanges[0]?.request).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
  });

  it("tells a missing file, a file that is not JSON and a file of another shape apart", async () => {
    const notJson = join(folder, "not-json.json");
    const otherShape = join(folder, "other-shape.json");
    await writeFile(notJson, "{ nope");
    const broken = structuredClone(streaming) as unknown as { exchanges: { response: { status: number } }[] };
    broken.exchanges[0]!.response.status = 101;
    await writeFile(otherShape, JSON.stringify(broken));
    expect((await loadRecording(join(folder, "missing.json")))._unsafeUnwrapErr().reason).toBe("unreadable");
    expect((await loadRecording(notJson))._unsafeUnwrapErr()).toMatchObject({
      kind: "recording",
      reason: "not_json",
      path: notJson,
    });
    expect((await loadRecording(otherShape))._unsafeUnwrapErr()).toStrictEqual({
      kind: "recording",
      reason: "bad_format",
      message: `the recording ${otherShape} is not timed-http-recording/1 at exchanges.0.response.status: Invalid value: Expected >=200 but received 101`,
      path: otherShape,
      field: "exchanges.0.response.status",
    });
  });

  it("refuses another format, and a chunk that is not base64", () => {
    expect(parseRecording({ ...streaming, format: "har/1.2" })._unsafeUnwrapErr().field).toBe("format");
    const chunk = { atMs: 1, base64: "not base64!" };
    const exchange = streaming.exchanges[0]!;
    const bad = {
      ...streaming,
      exchanges: [{ ...exchange, response: { ...exchange.response, chunks: [chunk] } }],
    };
    expect(parseRecording(bad)._unsafeUnwrapErr()).toMatchObject({
      reason: "bad_format",
      field: "exchanges.0.response.chunks.0.base64",
    });
  });
});
