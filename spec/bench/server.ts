// The bench's OpenAI-compatible server, run in its own process so that its work never lands on the
// client's CPU figures. Started by support/start-server.ts: it listens on 127.0.0.1 on a free port, sends
// the port over IPC, and exits when its parent goes away or after a hard time limit.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  contentEvent,
  fastStreamBody,
  fastStreamEvents,
  hugeLinePrefix,
  hugeLineSuffix,
  parseScenario,
  roleEvent,
  type Scenario,
  sentStampNs,
  smallAnswer,
  tailEvents,
  tokenAt,
} from "./support/wire-shapes.ts";

const hardLimitMs = Number(process.argv[2] ?? 600_000);
const writeSize = 64 * 1024;
const fastBodies = new Map<number, Buffer>();
const eventLists = new Map<number, readonly Buffer[]>();

const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-request-id": "req_bench",
};

const smallAnswerBytes = Buffer.from(smallAnswer);

function fastBody(chunks: number): Buffer {
  let body = fastBodies.get(chunks);
  if (body === undefined) {
    body = Buffer.from(fastStreamBody(chunks));
    fastBodies.set(chunks, body);
  }
  return body;
}

function streamEvents(chunks: number): readonly Buffer[] {
  let events = eventLists.get(chunks);
  if (events === undefined) {
    events = fastStreamEvents(chunks).map((event) => Buffer.from(event));
    eventLists.set(chunks, events);
  }
  return events;
}

/** Resolves when the socket drains or closes, leaving no listener behind. */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

/** Writes and waits for the socket to drain when it asks to; false once the client has gone. */
async function write(response: ServerResponse, bytes: Buffer | string): Promise<boolean> {
  if (response.destroyed) return false;
  if (response.write(bytes)) return true;
  await drained(response);
  return !response.destroyed;
}

async function sendFast(response: ServerResponse, chunks: number): Promise<void> {
  const body = fastBody(chunks);
  response.writeHead(200, sseHeaders);
  // Large writes, as a server flushing a fast model's output in batches would make them.
  for (let offset = 0; offset < body.length; offset += writeSize) {
    if (!(await write(response, body.subarray(offset, offset + writeSize)))) return;
  }
  response.end();
}

/**
 * Each SSE event in its own HTTP chunk, as llama.cpp's server and vLLM write a token's event as soon as
 * they have it: one `write` per event, never corked, back to back (waiting only when the socket asks to
 * drain), so the response's chunked encoding gives every event its own chunk-size line. Node keeps the
 * chunks apart even when the kernel sends several in one segment; the runner checks it on the raw bytes
 * at the start of every run (`support/raw-chunks.ts`).
 */
async function sendEvents(response: ServerResponse, chunks: number): Promise<void> {
  response.writeHead(200, sseHeaders);
  for (const event of streamEvents(chunks)) {
    if (!(await write(response, event))) return;
  }
  response.end();
}

async function sendPaced(response: ServerResponse, chunks: number, gapMs: number): Promise<void> {
  response.writeHead(200, sseHeaders);
  if (!(await write(response, roleEvent))) return;
  const startMs = performance.now();
  for (let index = 0; index < chunks; index++) {
    // Aim at fixed times so timer drift does not add up over the stream.
    const waitMs = startMs + (index + 1) * gapMs - performance.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    if (!(await write(response, contentEvent(sentStampNs())))) return;
  }
  response.end(tailEvents(chunks));
}

async function sendHold(response: ServerResponse): Promise<void> {
  response.writeHead(200, sseHeaders);
  await write(response, roleEvent + contentEvent(tokenAt(0)));
  // Nothing more: the stream stays open until the client aborts or the server exits.
}

async function sendHugeLine(response: ServerResponse, bytes: number): Promise<void> {
  response.writeHead(200, sseHeaders);
  const filler = Buffer.alloc(writeSize, "a");
  if (!(await write(response, hugeLinePrefix))) return;
  for (let sent = hugeLinePrefix.length; sent < bytes; sent += writeSize) {
    if (!(await write(response, filler.subarray(0, Math.min(writeSize, bytes - sent))))) return;
  }
  response.end(hugeLineSuffix + tailEvents(1));
}

function sendStream(response: ServerResponse, scenario: Scenario): Promise<void> {
  switch (scenario.kind) {
    case "events":
      return sendEvents(response, scenario.chunks);
    case "fast":
      return sendFast(response, scenario.chunks);
    case "paced":
      return sendPaced(response, scenario.chunks, scenario.gapMs);
    case "hold":
      return sendHold(response);
    case "line":
      return sendHugeLine(response, scenario.bytes);
  }
}

function sendJson(response: ServerResponse, status: number, body: Buffer): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": body.length,
    "x-request-id": "req_bench",
  });
  response.end(body);
}

const notFound = Buffer.from(
  JSON.stringify({ error: { message: "no such route", type: "invalid_request_error" } }),
);

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
    return sendJson(response, 404, notFound);
  }
  const body = JSON.parse(Buffer.concat(parts).toString("utf8")) as { model?: string; stream?: boolean };
  const scenario = parseScenario(body.model ?? "");
  if (body.stream === true && scenario !== undefined) return sendStream(response, scenario);
  if (body.stream === true) return sendStream(response, { kind: "events", chunks: 10 });
  return sendJson(response, 200, smallAnswerBytes);
}

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  handle(request, response).catch((error: unknown) => {
    process.stderr.write(`bench server: ${String(error)}\n`);
    response.destroy();
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.send?.({ port });
});

// The parent's IPC channel closes when it exits, however it exits: that is our signal to go too.
process.on("disconnect", () => process.exit(0));
setTimeout(() => {
  process.stderr.write(`bench server: hard limit of ${hardLimitMs} ms reached, exiting\n`);
  process.exit(1);
}, hardLimitMs).unref();
