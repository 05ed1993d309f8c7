// withClientStreamTimeout / withStreamTimeout bound a whole stream from the call's start: a server that keeps
// streaming slowly (never idle long enough for the idle timeout) is still cut, with a last chunk carrying a
// `timeout` error of phase `stream`.
import { createServer, type Server } from "node:http";
import { afterEach, expect, test } from "vitest";
import {
  type CompletionChunk,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withBaseUrl,
  withClientStreamTimeout,
  withClientTimeout,
  withIdleTimeout,
  withStreamTimeout,
} from "../../lib/index.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";

// Long enough for the headers of a loopback server to arrive within it on a loaded machine: the streams
// below open well before it runs out and are then cut by it.
const streamTimeoutMs = 1_000;
const request = newChatCompletionRequest("m", [newUserMessage("hi")]);
const chunk = (n: number): string =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: `${n} ` }, finish_reason: null }] })}\n\n`;

let server: Server | undefined;
let closedByClient = false;
afterEach(async () => {
  if (server !== undefined) await closeServer(server);
  server = undefined;
});

/** A server that sends one chunk every 20 ms, for ever (or waits `headersAfterMs` before its headers). */
async function slowStreamServer(headersAfterMs = 0): Promise<string> {
  closedByClient = false;
  server = createServer((req, res) => {
    req.resume();
    let n = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    res.on("close", () => {
      closedByClient = true;
      clearInterval(timer);
    });
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(200, { "content-type": "text/event-stream" });
      timer = setInterval(() => res.write(chunk(n++)), 20);
    }, headersAfterMs);
  });
  return `${await listenOnLoopback(server)}/v1`;
}

const streamTimeout = {
  kind: "timeout",
  message: `timed out after ${streamTimeoutMs} ms waiting for the end of the stream`,
  timeout: "stream",
  timeoutMs: streamTimeoutMs,
  retryable: true,
};

async function readAll(stream: AsyncIterable<CompletionChunk>): Promise<CompletionChunk[]> {
  const chunks: CompletionChunk[] = [];
  for await (const received of stream) chunks.push(received);
  return chunks;
}

test("withClientStreamTimeout ends a stream that keeps streaming with a stream timeout chunk", async () => {
  const client = newClient(
    withBaseUrl(await slowStreamServer()),
    withIdleTimeout(10_000),
    withClientStreamTimeout(streamTimeoutMs),
  );

  const opened = await client.chatCompletionStream(request);
  if (opened.isErr()) throw new Error(JSON.stringify(opened.error));
  const chunks = await readAll(opened.value);

  const last = chunks.at(-1);
  expect(chunks.length).toBeGreaterThan(1);
  expect(chunks.slice(0, -1).every((c) => c.error === undefined && !c.isLastChunk)).toBe(true);
  expect(last).toMatchObject({ choices: [], isLastChunk: true, error: streamTimeout });
  await expect.poll(() => closedByClient).toBe(true);
});

test("a request's withStreamTimeout overrides the client's", async () => {
  const client = newClient(
    withBaseUrl(await slowStreamServer()),
    withIdleTimeout(10_000),
    withClientStreamTimeout(60_000),
  );
  const bounded = newChatCompletionRequest("m", [newUserMessage("hi")], withStreamTimeout(streamTimeoutMs));

  const opened = await client.chatCompletionStream(bounded);
  if (opened.isErr()) throw new Error(JSON.stringify(opened.error));
  const chunks = await readAll(opened.value);

  expect(chunks.at(-1)).toMatchObject({ isLastChunk: true, error: streamTimeout });
});

test("counted from the call's start: headers later than the bound end the call with the stream timeout", async () => {
  const client = newClient(
    withBaseUrl(await slowStreamServer(10_000)),
    withIdleTimeout(10_000),
    withClientStreamTimeout(streamTimeoutMs),
  );

  const result = await client.chatCompletionStream(request);

  expect(result._unsafeUnwrapErr()).toMatchObject({
    ...streamTimeout,
    attempts: [{ errorKind: "timeout", waitMs: 0 }],
  });
});

test("a non-streaming call ignores the stream timeout", async () => {
  const client = newClient(
    withBaseUrl(await slowStreamServer()),
    withClientTimeout(streamTimeoutMs),
    withClientStreamTimeout(1),
  );

  // The server never ends its body; the call's own timeout (not the stream's) is what ends it.
  const result = await client.chatCompletion(
    newChatCompletionRequest("m", [newUserMessage("hi")], withStreamTimeout(1)),
  );

  expect(result._unsafeUnwrapErr()).toMatchObject({
    kind: "timeout",
    timeout: expect.not.stringMatching("stream"),
  });
});
