import { describe, expect, test } from "vitest";
import {
  type CompletionChunk,
  collectStream,
  newClient,
  withApiKey,
  withBaseUrl,
  withClock,
  withFetch,
  withMaxRetries,
} from "../../lib/index.ts";
import { newPacedServer, type PacedPiece, type PacedServer, settle } from "./support/paced-fetch.ts";
import { drain, streamRequest } from "./support/replay.ts";

const chunk = (fields: string) => `data: {"id":"c","model":"m",${fields}}\n\n`;
const content = (text: string) =>
  chunk(`"choices":[{"index":0,"delta":{"content":"${text}"},"finish_reason":null}]`);
const finish = chunk('"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]');
const usage = chunk('"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}');
const done = "data: [DONE]\n\n";

const wire = (text: string) => JSON.parse(text.slice(6));

async function open(server: PacedServer, startMs = 10) {
  const client = newClient(
    withBaseUrl("https://paced.test/v1"),
    withApiKey("sk-paced"),
    withFetch(server.fetch),
    withClock(server.clock),
    withMaxRetries(0),
  );
  server.setNow(startMs);
  return (await client.chatCompletionStream(streamRequest()))._unsafeUnwrap();
}

const at = (atMs: number, text: string | undefined): PacedPiece => ({ atMs, text });

describe("chunk latency, total latency and isLastChunk, on an injected clock", () => {
  test("each chunk is stamped with the arrival of the read that completed it; the tail keeps its arrival", async () => {
    const server = newPacedServer(40, [
      at(100, content("")),
      at(250, content("Hel") + content("lo")),
      at(400, finish),
      at(900, usage),
      at(1000, done),
    ]);
    const stream = await open(server);
    const chunks = await drain(stream);
    expect(stream.headersLatencyMs).toBe(30);
    expect(chunks).toStrictEqual([
      { ...wire(content("")), chunkLatencyMs: 90, totalLatencyMs: 90, isLastChunk: false },
      { ...wire(content("Hel")), chunkLatencyMs: 150, totalLatencyMs: 240, isLastChunk: false },
      { ...wire(content("lo")), chunkLatencyMs: 0, totalLatencyMs: 240, isLastChunk: false },
      { ...wire(finish), chunkLatencyMs: 150, totalLatencyMs: 390, isLastChunk: false },
      { ...wire(usage), chunkLatencyMs: 500, totalLatencyMs: 890, isLastChunk: true },
    ]);
  });

  test("collectStream reports latency to the last chunk, time to first chunk, count, median and p99 gaps", async () => {
    const server = newPacedServer(40, [
      at(100, content("")),
      at(250, content("Hel") + content("lo")),
      at(400, finish),
      at(900, usage),
      at(1000, done),
    ]);
    const response = (await collectStream(await open(server)))._unsafeUnwrap();
    expect(response).toStrictEqual({
      id: "c",
      object: "chat.completion",
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 3, completion_tokens: 2 },
      latencyMs: 890,
      attempts: [{ status: 200, durationMs: 30, waitMs: 0 }],
      timing: {
        headersLatencyMs: 30,
        totalLatencyMs: 890,
        attempts: [{ status: 200, durationMs: 30, waitMs: 0 }],
        chunkCount: 5,
        timeToFirstChunkMs: 90,
        timeToFirstTokenMs: 240,
        timeToFirstContentMs: 240,
        interChunkMedianMs: 150,
        interChunkP90Ms: 500,
        interChunkP99Ms: 500,
        interChunkMaxMs: 500,
        outputTokensPerSecond: 1000 / 650,
      },
    });
  });

  test("the time a consumer spends on a chunk is not counted in the next chunk's latency", async () => {
    const server = newPacedServer(40, [
      at(100, content("a")),
      at(130, content("b")),
      at(160, finish),
      at(170, done),
    ]);
    const iterator = (await open(server))[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.chunkLatencyMs).toBe(90);
    await settle();
    server.setNow(5000);
    expect((await iterator.next()).value?.chunkLatencyMs).toBe(30);
  });

  test("a [DONE] before every choice finished ends with an empty last chunk stamped with its arrival", async () => {
    const server = newPacedServer(40, [at(100, content("a")), at(200, done)]);
    expect(await drain(await open(server))).toStrictEqual([
      { ...wire(content("a")), chunkLatencyMs: 90, totalLatencyMs: 90, isLastChunk: false },
      { choices: [], chunkLatencyMs: 100, totalLatencyMs: 190, isLastChunk: true },
    ]);
  });

  test("a stream that closes without [DONE] after every choice finished is complete; its last chunk keeps its arrival", async () => {
    const server = newPacedServer(40, [at(100, content("a")), at(150, finish), at(500, undefined)]);
    expect(await drain(await open(server))).toStrictEqual([
      { ...wire(content("a")), chunkLatencyMs: 90, totalLatencyMs: 90, isLastChunk: false },
      { ...wire(finish), chunkLatencyMs: 50, totalLatencyMs: 140, isLastChunk: true },
    ]);
  });

  test("an error chunk is stamped when the failure was seen", async () => {
    const server = newPacedServer(40, [at(100, content("a")), at(300, undefined)]);
    expect((await drain(await open(server))).at(-1)).toStrictEqual({
      choices: [],
      chunkLatencyMs: 200,
      totalLatencyMs: 290,
      isLastChunk: true,
      error: {
        kind: "network",
        message: "the stream ended before it was complete: no [DONE], and 0 of 1 choice(s) finished",
        cause: "truncated",
        retryable: true,
      },
    });
  });
});

describe("hand-over", () => {
  test("a content chunk is handed over as soon as its event arrived; the finish chunk waits for the next event", async () => {
    const server = newPacedServer(40, [at(100, content("a")), at(200, finish), at(300, done)], {
      gated: true,
    });
    const iterator = (await open(server))[Symbol.asyncIterator]();
    let settled: IteratorResult<CompletionChunk> | undefined;
    const first = iterator.next().then((result) => {
      settled = result;
    });
    server.release();
    await first;
    expect(settled?.value).toStrictEqual({
      ...wire(content("a")),
      chunkLatencyMs: 90,
      totalLatencyMs: 90,
      isLastChunk: false,
    });
    settled = undefined;
    const second = iterator.next().then((result) => {
      settled = result;
    });
    server.release();
    await settle();
    await settle();
    expect({ settled, reads: server.reads() }).toStrictEqual({ settled: undefined, reads: 3 });
    server.release();
    await second;
    expect(settled).toStrictEqual({
      done: false,
      value: { ...wire(finish), chunkLatencyMs: 100, totalLatencyMs: 190, isLastChunk: true },
    });
    expect(await iterator.next()).toStrictEqual({ done: true, value: undefined });
  });
});
