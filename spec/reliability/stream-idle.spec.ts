// The idle timeout of a stream measures the server's silence, not the consumer's think time: a consumer that
// keeps each chunk longer than the timeout still gets every chunk, and a server that stalls still times out.
import { describe, expect, test } from "vitest";
import { withClock, withIdleTimeout } from "../../lib/index.ts";
import type { HostileScenario } from "../support/hostile-server.ts";
import { hostileClient, useHostileServer } from "./hostile-client.ts";
import { errorChunk, hostileStreamRequest, okChunks, readStream } from "./hostile-stream.ts";

const server = useHostileServer({ maxScenarioMs: 5_000 });

const thinkMs = 300;
const idleTimeoutMs = 100;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const idleTimeout = errorChunk({
  kind: "timeout",
  message: `timed out after ${idleTimeoutMs} ms waiting for the next stream chunk`,
  timeout: "idle",
  timeoutMs: idleTimeoutMs,
  retryable: true,
});

/**
 * Reads a scenario's stream as a slow consumer would: waits `beforeFirstMs` before iterating, then
 * `perChunkMs` after each chunk.
 */
async function readSlowly(scenario: HostileScenario, perChunkMs: number, beforeFirstMs = 0) {
  const client = hostileClient(
    server(),
    scenario,
    withClock(() => 0),
    withIdleTimeout(idleTimeoutMs),
  );
  const stream = (await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrap();
  await sleep(beforeFirstMs);
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    await sleep(perChunkMs);
  }
  return chunks;
}

describe("a slow consumer is not a silent server", () => {
  test("a consumer that keeps each chunk 3x the idle timeout gets every chunk, no timeout", async () => {
    const chunks = await readSlowly("stream-paced", thinkMs);

    expect(chunks).toStrictEqual(okChunks);
    expect((await server().settledReply(0)).state).toBe("finished");
  });

  test("neither does the time between opening the stream and iterating it count", async () => {
    expect(await readSlowly("stream-paced", 0, thinkMs)).toStrictEqual(okChunks);
  });
});

describe("a server that stalls still times out", () => {
  test("stream-stalled, read at once: two chunks, then the idle timeout, and the socket is closed", async () => {
    const client = hostileClient(
      server(),
      "stream-stalled",
      withClock(() => 0),
      withIdleTimeout(idleTimeoutMs),
    );

    const chunks = await readStream(
      (await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrap(),
    );

    expect(chunks).toStrictEqual([
      { ...okChunks[0], isLastChunk: false },
      { ...okChunks[1], isLastChunk: false },
      idleTimeout,
    ]);
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });

  test("stream-stalled, read slowly: the server's silence while the consumer thinks still counts", async () => {
    const chunks = await readSlowly("stream-stalled", thinkMs);

    expect(chunks).toStrictEqual([
      { ...okChunks[0], isLastChunk: false },
      { ...okChunks[1], isLastChunk: false },
      idleTimeout,
    ]);
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });
});
