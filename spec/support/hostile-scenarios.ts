// The scenarios of the hostile server: one handler each, every one bounded in time and bytes.
import { createGzip, gzipSync } from "node:zlib";
import {
  hostileChunkBase,
  hostileCompletion,
  hostileErrorChunk,
  hostileErrorEvent,
  hostileGarbageLine,
  hostileHtmlPage,
  hostileStreamChunks,
  hostileStreamText,
} from "./hostile-answers.ts";
import { hostileStreamHandlers, hostileStreamScenarios } from "./hostile-stream-scenarios.ts";
import {
  answerOk,
  type Context,
  drained,
  json,
  jsonHeaders,
  pump,
  rateLimitBody,
  reset,
  send,
  splitInsideCharacters,
  sseHeaders,
  unlessClosed,
  write,
  writeStreamSlowly,
} from "./hostile-writes.ts";

/** The pause of `gzip-bomb` after each MiB it feeds its compressor, in milliseconds. */
const gzipBombPaceMs = 20;

const baseScenarios = [
  // Answers: a valid JSON completion, or a valid SSE stream when the request says `stream: true`.
  "ok",
  "slow-headers",
  "rate-limited-then-ok",
  "rate-limited-ms-then-ok",
  "rate-limited-date-then-ok",
  "rate-limited-long",
  "rate-limited-then-slow-headers",
  "unavailable-then-ok",
  "unavailable",
  "html-500",
  "unauthorized",
  "bad-request",
  "html-200",
  "invalid-json",
  "empty-body",
  "wrong-shape",
  "endless-body",
  "stalled-body",
  "trickle-body",
  "redirect-cross-origin",
  "redirect-same-origin",
  "gzip",
  "gzip-bomb",
  "proto-keys",
  "reset-before-headers",
  "reset-before-headers-then-ok",
  "reset-mid-body",
  // Streams (text/event-stream whatever the request says).
  "stream-ok",
  "stream-truncated",
  "stream-no-done",
  "stream-garbage-line",
  "stream-error-event",
  "stream-error-chunk",
  "stream-cr-only",
  "stream-crlf",
  "stream-comments",
  "stream-one-byte-writes",
  "stream-split-utf8",
  "stream-stalled",
  "stream-endless-line",
  "stream-endless",
  "stream-as-json",
] as const;

/** The name of a scenario that has its own handler. */
export type NamedScenario = (typeof baseScenarios)[number] | (typeof hostileStreamScenarios)[number];

/** Every scenario the server plays; `status-<code>` and `status-<code>-then-ok` work for any status. */
export const hostileScenarios: readonly NamedScenario[] = [...baseScenarios, ...hostileStreamScenarios];

/** A scenario name. */
export type HostileScenario = NamedScenario | `status-${number}` | `status-${number}-then-ok`;

/** Writes the reply of one scenario. */
export type Handler = (ctx: Context) => Promise<void> | void;

const handlers: Readonly<Record<NamedScenario, Handler>> = {
  ok: answerOk,
  "slow-headers": async (ctx) => {
    await ctx.wait(ctx.limits.slowHeadersMs);
    await answerOk(ctx);
  },
  "rate-limited-then-ok": (ctx) =>
    ctx.attempt === 0 ? send(ctx, 429, { ...jsonHeaders, "retry-after": "0" }, rateLimitBody) : answerOk(ctx),
  "rate-limited-ms-then-ok": (ctx) =>
    ctx.attempt === 0
      ? send(ctx, 429, { ...jsonHeaders, "retry-after-ms": "1" }, rateLimitBody)
      : answerOk(ctx),
  "rate-limited-date-then-ok": (ctx) =>
    ctx.attempt === 0
      ? send(
          ctx,
          429,
          { ...jsonHeaders, "retry-after": new Date(Date.now() - 5_000).toUTCString() },
          rateLimitBody,
        )
      : answerOk(ctx),
  "rate-limited-long": (ctx) => send(ctx, 429, { ...jsonHeaders, "retry-after": "3600" }, rateLimitBody),
  "rate-limited-then-slow-headers": async (ctx) => {
    if (ctx.attempt === 0) return send(ctx, 429, { ...jsonHeaders, "retry-after": "0" }, rateLimitBody);
    await ctx.wait(ctx.limits.slowHeadersMs);
    await answerOk(ctx);
  },
  "unavailable-then-ok": (ctx) =>
    ctx.attempt === 0
      ? send(ctx, 503, { "content-type": "text/plain" }, "upstream unavailable")
      : answerOk(ctx),
  unavailable: (ctx) => send(ctx, 503, { "content-type": "text/plain" }, "upstream unavailable"),
  "html-500": (ctx) => send(ctx, 500, { "content-type": "text/html; charset=utf-8" }, hostileHtmlPage),
  unauthorized: (ctx) => {
    // Echoes the credentials it received, as a careless server or proxy might.
    const echoed = `${String(ctx.req.headers.authorization ?? "")} ${String(ctx.req.headers["x-api-key"] ?? "")}`;
    send(
      ctx,
      401,
      jsonHeaders,
      json({
        error: {
          message: `Incorrect API key provided: ${echoed}.`,
          type: "invalid_request_error",
          param: null,
          code: "invalid_api_key",
        },
      }),
    );
  },
  "bad-request": (ctx) =>
    send(
      ctx,
      400,
      { ...jsonHeaders, "x-request-id": "req_bad" },
      json({
        error: {
          message: "Invalid value for 'temperature': must be at most 2.",
          type: "invalid_request_error",
          param: "temperature",
          code: "invalid_value",
        },
      }),
    ),
  "html-200": (ctx) =>
    send(ctx, 200, { "content-type": "text/html" }, "<!DOCTYPE html><html><body>Please log in</body></html>"),
  "invalid-json": (ctx) => send(ctx, 200, jsonHeaders, '{"id":"chatcmpl-hostile","choices":[{"index":0,'),
  "empty-body": (ctx) => send(ctx, 200, jsonHeaders, ""),
  "wrong-shape": (ctx) =>
    send(
      ctx,
      200,
      jsonHeaders,
      json({
        id: "chatcmpl-hostile",
        model: "hostile-model",
        choices: [{ index: 0, message: "not an object", finish_reason: "stop" }],
      }),
    ),
  "endless-body": async (ctx) => {
    ctx.res.writeHead(200, jsonHeaders);
    write(ctx, '{"id":"');
    const piece = Buffer.alloc(64 * 1024, "a");
    await pump(ctx, () => piece, ctx.limits.maxEndlessBytes);
  },
  "stalled-body": async (ctx) => {
    ctx.res.writeHead(200, jsonHeaders);
    write(ctx, '{"id":"chatcmpl-hostile",');
    await ctx.wait(ctx.limits.maxScenarioMs);
    if (!ctx.closed()) ctx.res.end('"model":"m","choices":[]}');
  },
  "trickle-body": async (ctx) => {
    ctx.req.socket.setNoDelay(true);
    ctx.res.writeHead(200, jsonHeaders);
    await pump(ctx, () => " ", ctx.limits.maxEndlessBytes, 20);
  },
  "redirect-cross-origin": (ctx) =>
    send(ctx, 307, { location: `${ctx.witnessOrigin}/v1/chat/completions`, ...jsonHeaders }, "{}"),
  "redirect-same-origin": (ctx) => send(ctx, 302, { location: "/s/ok/v1/chat/completions" }, ""),
  gzip: (ctx) => {
    const text = ctx.isStream ? hostileStreamText() : json(hostileCompletion);
    send(
      ctx,
      200,
      { ...(ctx.isStream ? sseHeaders : jsonHeaders), "content-encoding": "gzip" },
      gzipSync(text),
    );
  },
  "gzip-bomb": async (ctx) => {
    ctx.res.writeHead(200, { ...jsonHeaders, "content-encoding": "gzip" });
    const gzip = createGzip();
    gzip.on("data", (data: Buffer) => write(ctx, data));
    ctx.res.on("close", () => gzip.destroy());
    const zeros = Buffer.alloc(1024 * 1024, " ");
    const until = Date.now() + ctx.limits.maxScenarioMs;
    gzip.write('{"id":"chatcmpl-hostile","padding":"');
    for (let fed = 0; fed < ctx.limits.maxEndlessBytes && !ctx.closed() && Date.now() < until; ) {
      fed += zeros.length;
      gzip.write(zeros);
      // Each MiB is flushed onto the wire and paced, and the socket may catch up: the client, not the
      // server's cap, decides when to stop, however loaded the machine (32 MiB take 32 paces at least).
      await unlessClosed(ctx, (done) => gzip.flush(done));
      if (ctx.res.writableNeedDrain) await drained(ctx);
      await ctx.wait(gzipBombPaceMs);
    }
    gzip.end();
    await new Promise((resolve) => gzip.once("end", resolve).once("close", resolve));
    if (!ctx.closed()) ctx.res.end();
  },
  "proto-keys": (ctx) =>
    send(
      ctx,
      200,
      jsonHeaders,
      `{"__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"ctor"}},"id":"chatcmpl-hostile","model":"hostile-model","extra":{"__proto__":{"polluted":"extra"}},"choices":[{"__proto__":{"polluted":"choice"},"index":0,"message":{"__proto__":{"polluted":"message"},"role":"assistant","content":"inert"},"finish_reason":"stop"}],"usage":{"__proto__":{"polluted":"usage"},"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`,
    ),
  "reset-before-headers": reset,
  "reset-before-headers-then-ok": (ctx) => (ctx.attempt === 0 ? reset(ctx) : answerOk(ctx)),
  "reset-mid-body": async (ctx) => {
    const body = Buffer.from(json(hostileCompletion));
    ctx.res.writeHead(200, { ...jsonHeaders, "content-length": String(body.length) });
    write(ctx, body.subarray(0, 40));
    await ctx.wait(20);
    if (!ctx.closed()) reset(ctx);
  },
  "stream-ok": (ctx) => send(ctx, 200, sseHeaders, hostileStreamText()),
  "stream-truncated": async (ctx) => {
    const text = hostileStreamText();
    const cut = text.indexOf("data:", text.indexOf("data:", text.indexOf("data:") + 1) + 1) + 30;
    ctx.res.writeHead(200, sseHeaders);
    write(ctx, text.slice(0, cut));
    await ctx.wait(20);
    if (!ctx.closed()) reset(ctx);
  },
  "stream-no-done": (ctx) => send(ctx, 200, sseHeaders, hostileStreamText("\n", false)),
  "stream-garbage-line": (ctx) => {
    const [first, ...rest] = hostileStreamChunks;
    const events = rest.map((chunk) => `data: ${json(chunk)}\n\n`).join("");
    send(ctx, 200, sseHeaders, `data: ${json(first)}\n\n${hostileGarbageLine}\n\n${events}data: [DONE]\n\n`);
  },
  "stream-error-event": (ctx) => {
    const events = hostileStreamChunks
      .slice(0, 2)
      .map((chunk) => `data: ${json(chunk)}\n\n`)
      .join("");
    send(ctx, 200, sseHeaders, `${events}event: error\ndata: ${json(hostileErrorEvent)}\n\n`);
  },
  "stream-error-chunk": (ctx) => {
    const events = hostileStreamChunks
      .slice(0, 2)
      .map((chunk) => `data: ${json(chunk)}\n\n`)
      .join("");
    send(ctx, 200, sseHeaders, `${events}data: ${json(hostileErrorChunk)}\n\ndata: [DONE]\n\n`);
  },
  "stream-cr-only": (ctx) => send(ctx, 200, sseHeaders, hostileStreamText("\r")),
  "stream-crlf": (ctx) => send(ctx, 200, sseHeaders, hostileStreamText("\r\n")),
  "stream-comments": (ctx) => {
    const events = hostileStreamChunks.map((chunk) => `: keep-alive\n\ndata: ${json(chunk)}\n\n`).join("");
    send(ctx, 200, sseHeaders, `: OPENROUTER PROCESSING\n\n${events}: done soon\ndata: [DONE]\n\n`);
  },
  "stream-one-byte-writes": (ctx) => {
    const bytes = Buffer.from(hostileStreamText());
    return writeStreamSlowly(
      ctx,
      Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)),
    );
  },
  "stream-split-utf8": (ctx) => writeStreamSlowly(ctx, splitInsideCharacters(hostileStreamText())),
  "stream-stalled": async (ctx) => {
    ctx.res.writeHead(200, sseHeaders);
    for (const chunk of hostileStreamChunks.slice(0, 2)) write(ctx, `data: ${json(chunk)}\n\n`);
    await ctx.wait(ctx.limits.maxScenarioMs);
    if (!ctx.closed()) ctx.res.end();
  },
  "stream-endless-line": async (ctx) => {
    ctx.res.writeHead(200, sseHeaders);
    write(ctx, `data: {"id":"chatcmpl-hostile","choices":[{"index":0,"delta":{"content":"`);
    const piece = Buffer.alloc(64 * 1024, "a");
    await pump(ctx, () => piece, ctx.limits.maxEndlessBytes);
  },
  "stream-endless": async (ctx) => {
    ctx.res.writeHead(200, sseHeaders);
    const event = `data: ${json({ ...hostileChunkBase, choices: [{ index: 0, delta: { content: "more " }, finish_reason: null }] })}\n\n`;
    const events = Buffer.from(event.repeat(16));
    await pump(ctx, () => events, ctx.limits.maxEndlessBytes);
  },
  "stream-as-json": (ctx) => send(ctx, 200, jsonHeaders, json(hostileCompletion)),
  ...hostileStreamHandlers,
};

function statusHandler(scenario: string): Handler | undefined {
  const match = /^status-(\d{3})(-then-ok)?$/.exec(scenario);
  if (match === null) return undefined;
  const status = Number(match[1]);
  const body = json({ error: { message: `hostile status ${status}`, type: "server_error", code: status } });
  return (ctx) =>
    match[2] !== undefined && ctx.attempt > 0 ? answerOk(ctx) : send(ctx, status, jsonHeaders, body);
}

/** The handler of a scenario name, if there is one. */
export function handlerOf(scenario: string): Handler | undefined {
  return (handlers as Readonly<Record<string, Handler>>)[scenario] ?? statusHandler(scenario);
}
