// Real HTTP servers on 127.0.0.1 for the docs, runtime and browser tests. Every answer comes from the
// real llama.cpp recordings in spec/fixtures/recordings/llama-server/; every reply is bounded in time.

import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { FetchFunction } from "../../lib/index.ts";
import type { RecordedExchange, TimedRecording } from "../../lib/testing/index.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";

/** The folder of the real llama.cpp recordings. */
export const recordingsFolder: string = fileURLToPath(
  new URL("../fixtures/recordings/llama-server/", import.meta.url),
);

/** Reads one recording of the llama.cpp folder, by file name without `.json`. */
export function readRecording(name: string): TimedRecording {
  return JSON.parse(readFileSync(join(recordingsFolder, `${name}.json`), "utf8"));
}

/** A running server: its origin, its API root (`/v1`), the requests it saw, and a way to stop it. */
export interface LoopbackServer {
  readonly origin: string;
  readonly baseUrl: string;
  /** Every request seen: method, path and body text, in order. */
  readonly seen: readonly { readonly method: string; readonly path: string; readonly body: string }[];
  readonly close: () => Promise<void>;
}

/** How long a held-open stream waits for its client to go away before it ends on its own. */
const holdLimitMs = 10_000;

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, accept, x-stainless-retry-count",
  "access-control-max-age": "600",
};

// Hop-by-hop and length headers are the server's own business: node sets them for the bytes it sends.
const droppedHeaders = new Set(["content-length", "transfer-encoding", "connection", "keep-alive"]);

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/**
 * Writes a recorded response: its status, its headers, then each recorded piece of its body, at the
 * recorded pace when `paced` (bounded by the recordings themselves: well under a second each). With
 * `holdAfter`, writes that many pieces and then holds the connection open until the client leaves.
 */
async function writeRecorded(
  response: ServerResponse,
  exchange: RecordedExchange,
  options: { readonly paced: boolean; readonly holdAfter?: number },
): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(exchange.response.headers).filter(([name]) => !droppedHeaders.has(name)),
  );
  response.writeHead(exchange.response.status, { ...headers, ...corsHeaders });
  response.flushHeaders();
  let isGone = false;
  response.on("close", () => {
    isGone = true;
  });
  let previousMs = exchange.response.headersAtMs;
  const pieces = exchange.response.chunks.slice(0, options.holdAfter);
  for (const piece of pieces) {
    if (options.paced) await wait(Math.max(0, piece.atMs - previousMs));
    previousMs = piece.atMs;
    if (isGone) return;
    response.write(Buffer.from(piece.base64, "base64"));
  }
  if (options.holdAfter !== undefined) {
    const started = Date.now();
    while (!isGone && Date.now() - started < holdLimitMs) await wait(20);
  }
  response.end();
}

async function listen(
  handle: (request: IncomingMessage, response: ServerResponse, body: string) => Promise<void>,
): Promise<LoopbackServer> {
  const seen: { method: string; path: string; body: string }[] = [];
  const server = createServer((request, response) => {
    readBody(request)
      .then(async (body) => {
        seen.push({ method: request.method ?? "GET", path: request.url ?? "/", body });
        if (request.method === "OPTIONS") {
          response.writeHead(204, corsHeaders).end();
          return;
        }
        await handle(request, response, body);
      })
      .catch(() => response.destroy());
  });
  const origin = await listenOnLoopback(server);
  return { origin, baseUrl: `${origin}/v1`, seen, close: () => closeServer(server) };
}

/**
 * Starts an OpenAI-compatible server that answers from the llama.cpp recordings, with CORS:
 * - a request whose model is `hang` gets the recorded stream's headers and first piece, then silence
 *   until the client goes away (to test aborts);
 * - a first user message starting with `hello hello` gets the recorded 400 (context overflow);
 * - any other streaming request gets the recorded stream with usage (04), at its recorded pace if `paced`;
 * - any other request gets the recorded basic chat answer (01).
 */
export async function startRecordedServer(options: { readonly paced: boolean }): Promise<LoopbackServer> {
  const json = readRecording("01-basic-chat").exchanges[0] as RecordedExchange;
  const stream = readRecording("04-streaming-with-usage").exchanges[0] as RecordedExchange;
  const overflow = readRecording("08-context-overflow-error").exchanges[0] as RecordedExchange;
  return listen(async (request, response, text) => {
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      response.writeHead(404, { "content-type": "application/json", ...corsHeaders });
      response.end(JSON.stringify({ error: { message: `no route for ${request.method} ${request.url}` } }));
      return;
    }
    const body = JSON.parse(text) as { model?: string; stream?: boolean; messages?: { content?: unknown }[] };
    const first = body.messages?.[0]?.content;
    if (body.model === "hang") return writeRecorded(response, stream, { paced: false, holdAfter: 1 });
    if (typeof first === "string" && first.startsWith("hello hello")) {
      return writeRecorded(response, overflow, { paced: false });
    }
    return writeRecorded(response, body.stream === true ? stream : json, { paced: options.paced });
  });
}

/**
 * Starts a server that answers every request through a fetch function (say, `replayTraffic(recording)`),
 * so that a process run against it sees a real HTTP server.
 */
export async function startFetchServer(fetch: FetchFunction): Promise<LoopbackServer> {
  return listen(async (request, response, body) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string",
      ),
    );
    const method = request.method ?? "GET";
    const answer = await fetch(`http://127.0.0.1${request.url}`, {
      method,
      headers,
      ...(method === "GET" || method === "HEAD" ? {} : { body }),
    });
    response.writeHead(
      answer.status,
      Object.fromEntries([...answer.headers].filter(([name]) => !droppedHeaders.has(name))),
    );
    if (answer.body !== null) for await (const piece of answer.body) response.write(piece);
    response.end();
  });
}

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json",
};

/**
 * Starts a static file server: `files` by exact path (`/` is HTML), and the files of `root` under the
 * `shared` path prefixes only (for the browser test: its page, `/dist/` and `/node_modules/`).
 */
export async function startStaticServer(
  files: Readonly<Record<string, string>>,
  root: string,
  shared: readonly string[],
): Promise<LoopbackServer> {
  return listen(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const inline = files[path];
    const file = normalize(join(root, path));
    const isShared = shared.some((prefix) => path.startsWith(prefix)) && file.startsWith(root);
    const content = inline ?? (isShared ? readFileOrUndefined(file) : undefined);
    if (content === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = path === "/" ? ".html" : extname(path);
    response.writeHead(200, { "content-type": contentTypes[type] ?? "application/octet-stream" });
    response.end(content);
  });
}

function readFileOrUndefined(path: string): string | undefined {
  return existsSync(path) && statSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
}
