// More streaming scenarios of the hostile server: a stream that stops before its choice finished, one that
// paces its events, and streams that echo the credentials they received back inside the stream, where only
// the streaming code sees them.
import { hostileChunkBase, hostileStreamChunks, hostileStreamText } from "./hostile-answers.ts";
import { type Context, json, jsonHeaders, send, sseHeaders, write } from "./hostile-writes.ts";

/** The extra streaming scenarios, by name. */
export const hostileStreamScenarios = [
  "stream-unfinished",
  "stream-paced",
  "stream-echo-error-event",
  "stream-echo-error-chunk",
  "stream-echo-not-json",
  "stream-echo-wrong-shape",
  "stream-echo-not-sse",
] as const;

/** The gap `stream-paced` leaves between two events, in milliseconds. */
export const pacedGapMs = 5;

/** The credentials a request carried, as a careless server would repeat them: the bearer token, then `x-api-key`. */
function echoedCredentials(ctx: Context): string {
  const bearer = String(ctx.req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
  return `${bearer} ${String(ctx.req.headers["x-api-key"] ?? "")}`.trim();
}

/** The first two chunks of the valid stream, as SSE text. */
const firstTwoEvents = (): string =>
  hostileStreamChunks
    .slice(0, 2)
    .map((chunk) => `data: ${json(chunk)}\n\n`)
    .join("");

/** Sends the first two chunks, then `tail`; the reply's headers echo the credentials as a request id. */
function echoAfterTwo(ctx: Context, tail: string): void {
  send(ctx, 200, { ...sseHeaders, "x-request-id": `req ${echoedCredentials(ctx)}` }, firstTwoEvents() + tail);
}

type Handler = (ctx: Context) => Promise<void> | void;

/** The handlers of {@link hostileStreamScenarios}. */
export const hostileStreamHandlers: Readonly<Record<(typeof hostileStreamScenarios)[number], Handler>> = {
  // Every chunk but the finish chunk, no [DONE], and a clean end: the choice never finished.
  "stream-unfinished": (ctx) => {
    const events = hostileStreamChunks
      .slice(0, -1)
      .map((chunk) => `data: ${json(chunk)}\n\n`)
      .join("");
    send(ctx, 200, sseHeaders, events);
  },
  // The valid stream, one event per write, a few milliseconds apart: a server that answers promptly.
  "stream-paced": async (ctx) => {
    ctx.req.socket.setNoDelay(true);
    ctx.res.writeHead(200, sseHeaders);
    ctx.res.flushHeaders();
    const events = hostileStreamText().split(/(?<=\n\n)/);
    for (const [index, event] of events.entries()) {
      if (index > 0) await ctx.wait(pacedGapMs);
      write(ctx, event);
    }
    if (!ctx.closed()) ctx.res.end();
  },
  "stream-echo-error-event": (ctx) =>
    echoAfterTwo(
      ctx,
      `event: error\ndata: ${json({ error: { message: `Invalid API key: ${echoedCredentials(ctx)}`, type: "invalid_request_error", code: "invalid_api_key" } })}\n\n`,
    ),
  "stream-echo-error-chunk": (ctx) =>
    echoAfterTwo(
      ctx,
      `data: ${json({ ...hostileChunkBase, error: { code: 401, message: `Key ${echoedCredentials(ctx)} was revoked` }, choices: [] })}\n\ndata: [DONE]\n\n`,
    ),
  // The key first on the line, where JSON.parse's own message quotes the start of the text; asked for no
  // stream, the same text as a JSON body.
  "stream-echo-not-json": (ctx) =>
    ctx.isStream
      ? echoAfterTwo(ctx, `data: ${echoedCredentials(ctx)} is not allowed\n\n`)
      : send(ctx, 200, jsonHeaders, `${echoedCredentials(ctx)} is not allowed`),
  "stream-echo-wrong-shape": (ctx) =>
    echoAfterTwo(ctx, `data: ${json({ ...hostileChunkBase, choices: echoedCredentials(ctx) })}\n\n`),
  "stream-echo-not-sse": (ctx) =>
    send(ctx, 200, sseHeaders, `${echoedCredentials(ctx)} is not a valid key\nGo away.\n`),
};
