// Keep-alive bytes are not progress: a server that sends only comments, blank lines or fields without data
// still hits the idle timeout, while one that sends data, even one event split over many slow reads, does not.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type CompletionChunk,
  newClient,
  withApiKey,
  withBaseUrl,
  withClock,
  withIdleTimeout,
  withMaxRetries,
} from "../../lib/index.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";
import { waitUntil } from "./hostile-client.ts";
import { errorChunk, hostileStreamRequest, readStream } from "./hostile-stream.ts";

const idleTimeoutMs = 150;
/**
 * The data streams run for 2.5x this idle timeout: a wider margin than 150 ms, so that a loaded machine
 * that stalls this process cannot pass for a silent server.
 */
const dataIdleTimeoutMs = 1_000;
const paceMs = 20;
const dataChunks = 125;
/** The server stops on its own after this, so a client that never times out fails the test, not hangs it. */
const serverCapMs = 4_000;

const chunkOf = (content: string, finishReason: string | null) => ({
  id: "chatcmpl-keep-alive",
  object: "chat.completion.chunk",
  created: 1_700_000_000,
  model: "keep-alive-model",
  choices: [{ index: 0, delta: { content }, finish_reason: finishReason }],
});
const eventOf = (content: string, finishReason: string | null = null): string =>
  `data: ${JSON.stringify(chunkOf(content, finishReason))}\n\n`;

/** What each path writes every `paceMs`: a list of writes, then the end; or one write for ever (until the cap). */
const scripts: Record<string, { readonly writes: readonly string[] } | { readonly forever: string }> = {
  "/ping/v1/chat/completions": { forever: ": ping\n\n" },
  "/blank/v1/chat/completions": { forever: "\n" },
  "/fields/v1/chat/completions": { forever: "id: 7\nretry: 1000\nevent: ping\n\n" },
  "/long-comment/v1/chat/completions": { forever: ": keep-alive keep-alive keep-alive " },
  "/data/v1/chat/completions": {
    writes: [
      ...Array.from({ length: dataChunks }, (_, i) => eventOf(`${i} `)),
      eventOf("", "stop"),
      "data: [DONE]\n\n",
    ],
  },
  "/split-event/v1/chat/completions": {
    // One event, 25 bytes a read: the whole event takes 2.5x the idle timeout to arrive.
    writes: [
      ...(eventOf("x".repeat(3_000)).match(/[\s\S]{1,25}/g) ?? []),
      eventOf("", "stop"),
      "data: [DONE]\n\n",
    ],
  },
};

const closed = new Set<string>();
let server: Server;
let origin = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const path = req.url ?? "";
    const script = scripts[path];
    if (script === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    let written = 0;
    const stop = (): void => clearInterval(timer);
    const timer = setInterval(() => {
      if (written * paceMs >= serverCapMs) res.end();
      else if ("forever" in script) res.write(script.forever);
      else if (written < script.writes.length) res.write(script.writes[written]);
      else res.end();
      written++;
    }, paceMs);
    res.on("close", () => {
      stop();
      if (!res.writableFinished) closed.add(path);
    });
    res.on("finish", stop);
  });
  origin = await listenOnLoopback(server);
});

afterAll(() => closeServer(server));

async function streamFrom(name: string, timeoutMs = idleTimeoutMs): Promise<CompletionChunk[]> {
  const client = newClient(
    withBaseUrl(`${origin}/${name}/v1`),
    withApiKey("sk-keep-alive"),
    withMaxRetries(0),
    withClock(() => 0),
    withIdleTimeout(timeoutMs),
  );
  return readStream((await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrap());
}

const idleTimeout = errorChunk({
  kind: "timeout",
  message: `timed out after ${idleTimeoutMs} ms waiting for the next stream chunk`,
  timeout: "idle",
  timeoutMs: idleTimeoutMs,
  retryable: true,
});

describe("keep-alive bytes alone do not reset the idle timeout", () => {
  for (const [name, what] of [
    ["ping", "`: ping` comments"],
    ["blank", "blank lines"],
    ["fields", "`id:`, `retry:` and `event:` lines without data"],
    ["long-comment", "one comment line that never ends"],
  ] as const) {
    test(`a server sending only ${what} every ${paceMs} ms: one idle timeout chunk, the socket closed`, async () => {
      expect(await streamFrom(name)).toStrictEqual([idleTimeout]);
      await waitUntil(() => closed.has(`/${name}/v1/chat/completions`));
    });
  }
});

describe("data is activity", () => {
  const finish = { ...chunkOf("", "stop"), chunkLatencyMs: 0, totalLatencyMs: 0, isLastChunk: true };

  test(`a server sending a chunk every ${paceMs} ms for 2.5 idle timeouts: every chunk, no error`, async () => {
    const chunks = await streamFrom("data", dataIdleTimeoutMs);

    expect(chunks).toStrictEqual([
      ...Array.from({ length: dataChunks }, (_, i) => ({
        ...chunkOf(`${i} `, null),
        chunkLatencyMs: 0,
        totalLatencyMs: 0,
        isLastChunk: false,
      })),
      finish,
    ]);
  });

  test("one event whose bytes trickle in over 2.5 idle timeouts: it arrives whole, no error", async () => {
    const chunks = await streamFrom("split-event", dataIdleTimeoutMs);

    expect(chunks).toStrictEqual([
      { ...chunkOf("x".repeat(3_000), null), chunkLatencyMs: 0, totalLatencyMs: 0, isLastChunk: false },
      finish,
    ]);
  });
});
