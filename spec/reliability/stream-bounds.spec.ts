// Streams that never end: an endless line is cut at the event bound, an endless stream stops when the
// consumer leaves or aborts; each time the socket is closed and the server stops sending.
import { describe, expect, test } from "vitest";
import { withClock, withMaxEventBytes } from "../../lib/index.ts";
import { hostileClient, useHostileServer } from "./hostile-client.ts";
import { errorChunk, hostileStreamRequest, readStream } from "./hostile-stream.ts";

const serverCapBytes = 64 * 1024 * 1024;
const server = useHostileServer({ maxEndlessBytes: serverCapBytes, maxScenarioMs: 5_000 });

const mebibyte = 1024 * 1024;
const more = {
  id: "chatcmpl-hostile",
  object: "chat.completion.chunk",
  created: 1_700_000_000,
  model: "hostile-model",
  choices: [{ index: 0, delta: { content: "more " }, finish_reason: null }],
  chunkLatencyMs: 0,
  totalLatencyMs: 0,
  isLastChunk: false,
};

describe("an endless line", () => {
  test("is cut at maxEventBytes: one decode error chunk, the socket closed long before the server's cap", async () => {
    const client = hostileClient(
      server(),
      "stream-endless-line",
      withClock(() => 0),
      withMaxEventBytes(mebibyte),
    );

    const chunks = await readStream(
      (await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrap(),
    );

    expect(chunks).toStrictEqual([
      errorChunk({
        kind: "decode",
        message: `a stream event is larger than the ${mebibyte}-byte limit (maxEventBytes)`,
        retryable: false,
      }),
    ]);
    const reply = await server().settledReply(0);
    expect(reply.state).toBe("client-closed");
    // What the server got out is what socket buffers held beyond the bound, not the stream's 64 MiB.
    expect(reply.bytesWritten).toBeLessThan(serverCapBytes / 4);
  });
});

describe("an endless stream", () => {
  test("break in for await closes the socket", async () => {
    const client = hostileClient(
      server(),
      "stream-endless",
      withClock(() => 0),
    );
    const stream = (await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrap();

    const seen = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      if (seen.length === 3) break;
    }

    expect(seen).toStrictEqual([more, more, more]);
    const reply = await server().settledReply(0);
    expect(reply.state).toBe("client-closed");
    expect(reply.bytesWritten).toBeLessThan(serverCapBytes / 4);
  });

  test("an abort mid-stream: the next chunk is the last, aborted, and the socket is closed", async () => {
    const controller = new AbortController();
    const client = hostileClient(
      server(),
      "stream-endless",
      withClock(() => 0),
    );
    const stream = (
      await client.chatCompletionStream(hostileStreamRequest, { signal: controller.signal })
    )._unsafeUnwrap();
    const iterator = stream[Symbol.asyncIterator]();

    expect(await iterator.next()).toStrictEqual({ done: false, value: more });
    expect(await iterator.next()).toStrictEqual({ done: false, value: more });
    controller.abort();

    expect(await iterator.next()).toStrictEqual({
      done: false,
      value: errorChunk({
        kind: "aborted",
        message: "the request was aborted by the caller",
        retryable: false,
      }),
    });
    expect(await iterator.next()).toStrictEqual({ done: true, value: undefined });
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });

  test("an abort while the consumer is inside the loop ends it on the next turn", async () => {
    const controller = new AbortController();
    const client = hostileClient(
      server(),
      "stream-endless",
      withClock(() => 0),
    );
    const stream = (
      await client.chatCompletionStream(hostileStreamRequest, { signal: controller.signal })
    )._unsafeUnwrap();

    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      if (chunks.length === 5) controller.abort();
      if (chunks.length > 1_000) break;
    }

    expect(chunks).toStrictEqual([
      more,
      more,
      more,
      more,
      more,
      errorChunk({ kind: "aborted", message: "the request was aborted by the caller", retryable: false }),
    ]);
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });
});
