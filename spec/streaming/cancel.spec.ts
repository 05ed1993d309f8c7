import { afterEach, describe, expect, test } from "vitest";
import { newClient, withApiKey, withBaseUrl, withClock, withMaxRetries } from "../../lib/index.ts";
import { type LoopbackServer, startLoopback, writeThenTrickle } from "./support/loopback.ts";
import { drain, openOk, streamRequest } from "./support/replay.ts";

const content = (text: string) =>
  `data: {"id":"c","choices":[{"index":0,"delta":{"content":"${text}"},"finish_reason":null}]}\n\n`;

/** A server that sends one chunk at once, then one every few milliseconds, forever (until the client leaves). */
const endlessChunks = () =>
  startLoopback((response) => writeThenTrickle(response, content("first"), content("more")));

const aborted = {
  choices: [],
  chunkLatencyMs: 0,
  totalLatencyMs: 0,
  isLastChunk: true,
  error: { kind: "aborted", message: "the request was aborted by the caller", retryable: false },
};

describe("leaving early or aborting cancels the HTTP request and frees the connection", () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const clientFor = (baseUrl: string) =>
    newClient(
      withBaseUrl(baseUrl),
      withApiKey("sk-loop"),
      withClock(() => 0),
      withMaxRetries(0),
    );

  test("breaking out of for await closes the socket", async () => {
    server = await endlessChunks();
    const stream = await openOk(clientFor(server.baseUrl));
    let seen = 0;
    for await (const chunk of stream) {
      seen++;
      expect(chunk.isLastChunk).toBe(false);
      if (seen === 3) break;
    }
    await server.socketClosed(0);
    expect(await drain(stream)).toStrictEqual([
      {
        choices: [],
        chunkLatencyMs: 0,
        totalLatencyMs: 0,
        isLastChunk: true,
        error: expect.objectContaining({ kind: "invalid_request" }),
      },
    ]);
  });

  test("aborting the signal mid-stream: the next chunk is an aborted error chunk, and the socket closes", async () => {
    server = await endlessChunks();
    const controller = new AbortController();
    const opened = await clientFor(server.baseUrl).chatCompletionStream(streamRequest(), {
      signal: controller.signal,
    });
    const iterator = opened._unsafeUnwrap()[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.isLastChunk).toBe(false);
    controller.abort();
    expect(await iterator.next()).toStrictEqual({ done: false, value: aborted });
    expect(await iterator.next()).toStrictEqual({ done: true, value: undefined });
    await server.socketClosed(0);
  });

  test("aborting while a read is pending ends that read with the aborted error chunk", async () => {
    server = await startLoopback((response) => response.write(content("only")));
    const controller = new AbortController();
    const opened = await clientFor(server.baseUrl).chatCompletionStream(streamRequest(), {
      signal: controller.signal,
    });
    const iterator = opened._unsafeUnwrap()[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toStrictEqual({ done: false, value: aborted });
    await server.socketClosed(0);
  });

  test("aborting before the stream opens: an aborted Err, nothing sent", async () => {
    server = await endlessChunks();
    const result = await clientFor(server.baseUrl).chatCompletionStream(streamRequest(), {
      signal: AbortSignal.abort(),
    });
    expect(result._unsafeUnwrapErr().kind).toBe("aborted");
  });
});
