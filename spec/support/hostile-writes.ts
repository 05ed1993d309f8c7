// What the hostile scenarios are written with: the context of one reply and bounded ways to write it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { hostileCompletion, hostileStreamText } from "./hostile-answers.ts";

/** How the server's answer to one request went. */
export interface ReplyRecord {
  readonly scenario: string;
  /** Body bytes written on the wire (after compression), headers excluded. */
  bytesWritten: number;
  /** `open` while answering; `finished` when the server ended it; `client-closed` when the client left first. */
  state: "open" | "finished" | "client-closed" | "server-reset";
  /** Resolves once the reply is no longer open. */
  readonly settled: Promise<ReplyRecord>;
}

/** Bounds of the server. */
export interface HostileLimits {
  /** The longest any scenario runs, in milliseconds. */
  readonly maxScenarioMs: number;
  /** The most body bytes an endless scenario sends (for `gzip-bomb`: decompressed bytes). */
  readonly maxEndlessBytes: number;
  /** How long `slow-headers` waits before answering. */
  readonly slowHeadersMs: number;
}

/** JSON text of a value. */
export const json = (value: unknown): string => JSON.stringify(value);
/** The headers of a stream. */
export const sseHeaders: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
};
/** The headers of a JSON body. */
export const jsonHeaders: Readonly<Record<string, string>> = { "content-type": "application/json" };

/** One reply being written. */
export interface Context {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: ReplyRecord & { bytesWritten: number };
  readonly attempt: number;
  readonly isStream: boolean;
  readonly body: string;
  readonly limits: HostileLimits;
  readonly witnessOrigin: string;
  readonly closed: () => boolean;
  readonly wait: (ms: number) => Promise<void>;
}

/** Writes part of a body, counting its bytes; `false` when the socket wants a pause (or is gone). */
export function write(ctx: Context, data: string | Buffer): boolean {
  if (ctx.closed()) return false;
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  ctx.record.bytesWritten += bytes.length;
  return ctx.res.write(bytes);
}

/** Sends a whole reply with its length. */
export function send(
  ctx: Context,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  if (ctx.closed()) return;
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  ctx.res.writeHead(status, { ...headers, "content-length": String(bytes.length) });
  ctx.record.bytesWritten += bytes.length;
  ctx.res.end(bytes);
}

/** Waits for the socket to take more, the client to leave, or the scenario's time to run out. */
export function drained(ctx: Context): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      ctx.res.off("drain", done);
      ctx.res.off("close", done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ctx.limits.maxScenarioMs);
    ctx.res.once("drain", done);
    ctx.res.once("close", done);
  });
}

/** Writes pieces until the client leaves, `maxBytes` is reached or the time runs out; then ends. */
export async function pump(
  ctx: Context,
  piece: () => string | Buffer,
  maxBytes: number,
  gapMs = 0,
): Promise<void> {
  const until = Date.now() + ctx.limits.maxScenarioMs;
  while (!ctx.closed() && ctx.record.bytesWritten < maxBytes && Date.now() < until) {
    if (!write(ctx, piece())) await drained(ctx);
    if (gapMs > 0) await ctx.wait(gapMs);
  }
  if (!ctx.closed()) ctx.res.end();
}

/** Resolves when `start` calls back, or as soon as the client leaves (the callback may then never come). */
export function unlessClosed(ctx: Context, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    if (ctx.closed()) return resolve();
    const done = (): void => {
      ctx.res.off("close", done);
      resolve();
    };
    ctx.res.once("close", done);
    start(done);
  });
}

/** Cuts the connection (a TCP reset where Node can). */
export function reset(ctx: Context): void {
  ctx.record.state = "server-reset";
  const socket = ctx.req.socket as Socket & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/** The good answer: a model list, a stream when the request asked for one, else a completion. */
export async function answerOk(ctx: Context): Promise<void> {
  if (ctx.req.method === "GET") {
    send(ctx, 200, jsonHeaders, json({ object: "list", data: [{ id: "hostile-model", object: "model" }] }));
  } else if (ctx.isStream) send(ctx, 200, sseHeaders, hostileStreamText());
  else send(ctx, 200, { ...jsonHeaders, "x-request-id": "req_hostile" }, json(hostileCompletion));
}

/** The body of every 429: OpenAI's rate-limit error. */
export const rateLimitBody: string = json({
  error: {
    message: "Rate limit reached for requests",
    type: "requests",
    param: null,
    code: "rate_limit_exceeded",
  },
});

/** Sends a stream piece by piece, one write per event-loop turn, so reads see the pieces apart. */
export async function writeStreamSlowly(ctx: Context, pieces: readonly (string | Buffer)[]): Promise<void> {
  ctx.req.socket.setNoDelay(true);
  ctx.res.writeHead(200, sseHeaders);
  ctx.res.flushHeaders();
  for (const piece of pieces) {
    if (ctx.closed()) return;
    write(ctx, piece);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!ctx.closed()) ctx.res.end();
}

/** Pieces of the stream cut inside every multi-byte UTF-8 character. */
export function splitInsideCharacters(text: string): Buffer[] {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0xc0) {
      pieces.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}
