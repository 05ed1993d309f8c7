import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ChatCompletionStream,
  defaultClientConfig,
  type FetchFunction,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withClock,
  withFetch,
  withHeaders,
} from "../../lib/index.ts";
import {
  loadRecording,
  newVirtualScheduler,
  recordingFormat,
  recordTraffic,
  replayTraffic,
  type TimedRecording,
} from "../../lib/testing/index.ts";
import { type PacedServer, ssePieces, startPacedServer } from "./paced-server.ts";
import { readTimedChunks, recordedEvents, toMicroseconds } from "./timed-body.ts";

let server: PacedServer;
let folder: string;

beforeEach(async () => {
  server = await startPacedServer();
  folder = await mkdtemp(join(tmpdir(), "chatwire-recordings-"));
});

afterEach(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

const request = newChatCompletionRequest("paced", [newUserMessage("Hi")]);
const streamBody = JSON.stringify({
  model: "paced",
  messages: [{ role: "user", content: "Hi" }],
  stream: true,
});
const joinedBytes = (pieces: readonly { readonly bytes: Uint8Array }[]): string =>
  Buffer.concat(pieces.map((piece) => piece.bytes)).toString("base64");
const recordedBytes = (recording: TimedRecording, index = 0): string =>
  Buffer.concat(
    recording.exchanges[index]!.response.chunks.map((chunk) => Buffer.from(chunk.base64, "base64")),
  ).toString("base64");

/** The recorder's fetch, used directly to read a stream at the fetch level. */
function recordingFetch(path: string, options?: Parameters<typeof recordTraffic>[1]) {
  const recorder = recordTraffic(path, options);
  const fetch = recorder(defaultClientConfig()).fetch as FetchFunction;
  return { recorder, fetch };
}

async function recorded(path: string): Promise<TimedRecording> {
  return (await loadRecording(path))._unsafeUnwrap();
}

describe("recordTraffic", () => {
  it("records a chatwire call: the request as sent, the status, and every piece of the body with its time", async () => {
    const path = join(folder, "nested", "basic.json");
    const recorder = recordTraffic(path);
    const live = await newClient(withBaseUrl(server.baseUrl), recorder).chatCompletion(request);
    expect((await recorder.flush())._unsafeUnwrap()).toStrictEqual({ path, exchanges: 1 });
    const recording = await recorded(path);
    const [exchange] = recording.exchanges;
    expect(recording.format).toBe(recordingFormat);
    expect(recording.server).toBe(new URL(server.baseUrl).origin);
    expect(Number.isNaN(Date.parse(recording.recordedAt))).toBe(false);
    expect(exchange?.request).toStrictEqual({
      method: "POST",
      path: "/v1/chat/completions",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({ model: "paced", messages: [{ role: "user", content: "Hi" }] }),
    });
    const { response } = exchange!;
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.headers["x-request-id"]).toBe("req-paced");
    expect(response.headers).not.toHaveProperty("set-cookie");
    expect(JSON.parse(response.body)).toMatchObject({
      choices: [{ message: { content: "you sent nothing" } }],
    });
    const times = [response.headersAtMs, ...response.chunks.map((chunk) => chunk.atMs)];
    expect(times).toStrictEqual([...times].sort((a, b) => a - b));
    expect(live._unsafeUnwrap().choices[0]?.message.content).toBe("you sent nothing");
  });

  it("round trip: a replay gives the recorded bytes, in the recorded pieces, at the recorded times", async () => {
    const path = join(folder, "stream.json");
    const { recorder, fetch } = recordingFetch(path);
    const live = await fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: streamBody });
    const liveChunks = await readTimedChunks(live.body, () => 0, 0);
    await recorder.flush();
    const recording = await recorded(path);
    const { response } = recording.exchanges[0]!;
    expect(recordedBytes(recording)).toBe(joinedBytes(ssePieces));
    expect(response.body).toBe(Buffer.concat(ssePieces.map((piece) => piece.bytes)).toString("utf8"));
    // The consumer and the recorder read the same pieces (the body is teed).
    expect(response.chunks.map((chunk) => chunk.base64)).toStrictEqual(
      liveChunks.map((chunk) => chunk.base64),
    );

    const time = newVirtualScheduler();
    const replay = replayTraffic(path, { speed: 1, scheduler: time });
    const startMs = time.now();
    const replayed = await replay(`${server.baseUrl}/chat/completions`, { method: "POST", body: streamBody });
    expect(time.now() - startMs).toBeCloseTo(response.headersAtMs, 6);
    expect(await readTimedChunks(replayed.body, time.now, startMs)).toStrictEqual(response.chunks);
  });

  it("round trip through chatwire: the replayed answer equals the live one and its latency the recorded one", async () => {
    const path = join(folder, "json.json");
    const recorder = recordTraffic(path);
    const live = await newClient(withBaseUrl(server.baseUrl), recorder).chatCompletion(request);
    await recorder.flush();
    const recording = await recorded(path);
    const time = newVirtualScheduler();
    const replayed = await newClient(
      withBaseUrl(server.baseUrl),
      withClock(time.now),
      withFetch(replayTraffic(recording, { scheduler: time })),
    ).chatCompletion(request);
    const {
      latencyMs: _liveLatency,
      attempts: _liveAttempts,
      timing: _liveTiming,
      ...liveBody
    } = live._unsafeUnwrap();
    const { response } = recording.exchanges[0]!;
    const attempts = [{ status: 200, durationMs: expect.closeTo(response.headersAtMs, 6), waitMs: 0 }];
    expect(replayed._unsafeUnwrap()).toStrictEqual({
      ...liveBody,
      latencyMs: expect.closeTo(response.chunks.at(-1)!.atMs, 6),
      attempts,
      timing: {
        headersLatencyMs: expect.closeTo(response.headersAtMs, 6),
        totalLatencyMs: expect.closeTo(response.chunks.at(-1)!.atMs, 6),
        attempts,
      },
    });
  });

  it("records a chatwire stream whole; its replay gives the same chunks at the recorded arrivals", async () => {
    const path = join(folder, "chatwire-stream.json");
    const recorder = recordTraffic(path);
    const streamRequest = newChatCompletionStreamRequest("paced", [newUserMessage("Hi")]);
    const wireChunks = async (stream: ChatCompletionStream) => {
      const chunks: unknown[] = [];
      for await (const { chunkLatencyMs: _gap, totalLatencyMs, ...wire } of stream) {
        chunks.push({ atMs: toMicroseconds(totalLatencyMs), wire });
      }
      return chunks;
    };
    const live = await newClient(withBaseUrl(server.baseUrl), recorder).chatCompletionStream(streamRequest);
    const liveChunks = (await wireChunks(live._unsafeUnwrap())) as { wire: unknown }[];
    await recorder.flush();
    const recording = await recorded(path);
    const { response } = recording.exchanges[0]!;
    expect(recordedBytes(recording)).toBe(joinedBytes(ssePieces));
    expect(response).not.toHaveProperty("error");

    const time = newVirtualScheduler();
    const replay = newClient(
      withBaseUrl(server.baseUrl),
      withClock(time.now),
      withFetch(replayTraffic(recording, { scheduler: time })),
    );
    const replayed = await wireChunks((await replay.chatCompletionStream(streamRequest))._unsafeUnwrap());
    expect(replayed).toStrictEqual(
      recordedEvents(response.chunks).map((event, index) => ({
        atMs: event.atMs,
        wire: liveChunks[index]?.wire,
      })),
    );
  });

  it("never writes a planted key: not from the API key, a custom key header, the request body or an echo", async () => {
    const key = "sk-planted-0123456789abcdef";
    const path = join(folder, "secrets.json");
    const recorder = recordTraffic(path);
    const client = newClient(
      withBaseUrl(server.baseUrl),
      withApiKey(key),
      withHeaders({ "x-api-key": key }),
      recorder,
    );
    const live = await client.chatCompletion(
      newChatCompletionRequest("paced", [newUserMessage(`my key is ${key}`)]),
    );
    // The live answer is untouched: the server echoed the key, split across two pieces of its body.
    expect(live._unsafeUnwrap().choices[0]?.message.content).toBe(`you sent Bearer ${key}`);
    await recorder.flush();
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(key);
    expect(text).not.toContain("cookie-secret-value-42");
    const { request: sent, response } = (await recorded(path)).exchanges[0]!;
    expect(sent.headers).toStrictEqual({ accept: "application/json", "content-type": "application/json" });
    expect(JSON.parse(sent.body).messages).toStrictEqual([{ role: "user", content: "my key is [redacted]" }]);
    expect(JSON.parse(response.body).choices[0].message.content).toBe("you sent [redacted]");
    const bytes = Buffer.concat(
      response.chunks.map((chunk) => Buffer.from(chunk.base64, "base64")),
    ).toString();
    expect(bytes).toBe(response.body);
  });

  it("records the whole body when the consumer stops reading after the last chunk", async () => {
    const path = join(folder, "stopped.json");
    const { recorder, fetch } = recordingFetch(path);
    const live = await fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: streamBody });
    const reader = live.body!.getReader();
    let seen = "";
    while (!seen.includes("[DONE]")) seen += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    await recorder.flush();
    const { response } = (await recorded(path)).exchanges[0]!;
    expect(recordedBytes(await recorded(path))).toBe(joinedBytes(ssePieces));
    expect(response).not.toHaveProperty("error");
  });

  it("records the whole body when the consumer never reads it", async () => {
    const path = join(folder, "unread.json");
    const { recorder, fetch } = recordingFetch(path);
    await fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: streamBody });
    await recorder.flush();
    expect(recordedBytes(await recorded(path))).toBe(joinedBytes(ssePieces));
  });

  it("stops recording a body larger than maxBodyBytes, and says so, without touching the live body", async () => {
    const path = join(folder, "large.json");
    const { recorder, fetch } = recordingFetch(path, { maxBodyBytes: 10 });
    const live = await fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: streamBody });
    expect(Buffer.from(await live.arrayBuffer()).toString("base64")).toBe(joinedBytes(ssePieces));
    await recorder.flush();
    const { response } = (await recorded(path)).exchanges[0]!;
    expect(response.chunks).toStrictEqual([]);
    expect(response.error).toBe("the body exceeded 10 bytes, so the recorder stopped (maxBodyBytes)");
  });

  it("stops waiting for a stalled body after idleTimeoutMs, so flush always ends", async () => {
    const path = join(folder, "stalled.json");
    const { recorder, fetch } = recordingFetch(path, { idleTimeoutMs: 50 });
    const live = await fetch(`${server.baseUrl}/hang`, { method: "POST", body: "{}" });
    const reader = live.body!.getReader();
    await reader.read();
    await reader.cancel();
    await recorder.flush();
    const { response } = (await recorded(path)).exchanges[0]!;
    expect(response.body).toBe("data: one piece, then nothing\n\n");
    expect(response.error).toBe("no byte arrived for 50 ms, so the recorder stopped (idleTimeoutMs)");
    // A replay ends that body the same way: with an error after the last piece.
    const replayed = await replayTraffic(path, { speed: 0 })(`${server.baseUrl}/hang`, { method: "POST" });
    await expect(replayed.text()).rejects.toThrow("terminated");
  });

  it("notes a body the client aborted, and keeps what arrived before", async () => {
    const path = join(folder, "aborted.json");
    const { recorder, fetch } = recordingFetch(path);
    const controller = new AbortController();
    const live = await fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      body: streamBody,
      signal: controller.signal,
    });
    const reader = live.body!.getReader();
    const first = (await reader.read()).value!;
    controller.abort();
    await recorder.flush();
    const { response } = (await recorded(path)).exchanges[0]!;
    expect(response.chunks[0]?.base64).toBe(Buffer.from(first).toString("base64"));
    expect(response.error).toBe("This operation was aborted");
  });

  it("writes the exchanges in the order they started, even when a later one ends first", async () => {
    const path = join(folder, "order.json");
    const { recorder, fetch } = recordingFetch(path);
    const slow = fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: streamBody });
    const fast = fetch(`${server.baseUrl}/models?page=2`, { method: "GET" });
    await Promise.all([(await slow).arrayBuffer(), (await fast).arrayBuffer()]);
    expect((await recorder.flush())._unsafeUnwrap().exchanges).toBe(2);
    const recording = await recorded(path);
    expect(recording.exchanges.map((exchange) => exchange.request.path)).toStrictEqual([
      "/v1/chat/completions",
      "/v1/models?page=2",
    ]);
  });

  it("wraps the fetch set before it, and leaves secret query parameters out of the path", async () => {
    const path = join(folder, "custom-fetch.json");
    const calls: string[] = [];
    const custom: FetchFunction = (input, init) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    };
    const recorder = recordTraffic(path, { server: "the paced test server" });
    const config = recorder(withFetch(custom)(defaultClientConfig()));
    const response = await config.fetch!(`${server.baseUrl}/models?key=sk-query-0123456789&page=2`, {});
    await response.arrayBuffer();
    await recorder.flush();
    const recording = await recorded(path);
    expect(calls).toStrictEqual([`${server.baseUrl}/models?key=sk-query-0123456789&page=2`]);
    expect(recording.server).toBe("the paced test server");
    expect(recording.exchanges[0]?.request.path).toBe("/v1/models?key=%5Bredacted%5D&page=2");
    expect(await readFile(path, "utf8")).not.toContain("sk-query-0123456789");
  });

  it("reports a file it cannot write as an error from flush, and leaves the live call alone", async () => {
    const path = "/dev/null/recordings/basic.json";
    const recorder = recordTraffic(path);
    const live = await newClient(withBaseUrl(server.baseUrl), recorder).chatCompletion(request);
    expect(live.isOk()).toBe(true);
    const flushed = await recorder.flush();
    expect(flushed._unsafeUnwrapErr()).toMatchObject({ kind: "recording", reason: "unwritable", path });
    expect(flushed._unsafeUnwrapErr().message).toMatch(
      /^could not write the recording \/dev\/null\/recordings\/basic\.json: /,
    );
  });

  it("writes nothing and reports no exchange when nothing was sent", async () => {
    const path = join(folder, "empty.json");
    expect((await recordTraffic(path).flush())._unsafeUnwrap()).toStrictEqual({ path, exchanges: 0 });
    expect((await loadRecording(path))._unsafeUnwrapErr().reason).toBe("unreadable");
  });
});
