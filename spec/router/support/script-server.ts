// A loopback server on 127.0.0.1 that answers each request with the next step of a script, so router
// tests can make one endpoint fail in a precise way (a stream that breaks before its first content, a
// connection reset mid-stream, a 429 storm). Every step ends its response; close() ends the rest.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback } from "../../support/loopback.ts";

/** One scripted answer. */
export type Step = (res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

/** A running script server. */
export interface ScriptServer {
  /** `http://127.0.0.1:<port>/v1` */
  readonly baseUrl: string;
  /** How many requests arrived. */
  readonly count: () => number;
  /** The JSON bodies received, in order. */
  readonly bodies: readonly unknown[];
  readonly close: () => Promise<void>;
}

/** SSE headers. */
export const sseHeaders = { "content-type": "text/event-stream" } as const;

/** One SSE data event. */
export const event = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

/** A chat chunk with a delta. */
export const chunk = (delta: object, finishReason: string | null = null): object => ({
  id: "chatcmpl-script",
  object: "chat.completion.chunk",
  model: "script-model",
  choices: [{ index: 0, delta, finish_reason: finishReason }],
});

/** A whole, valid streamed answer of `text`. */
export const streamOf = (text: string): string =>
  event(chunk({ role: "assistant", content: "" })) +
  event(chunk({ content: text })) +
  event(chunk({}, "stop")) +
  "data: [DONE]\n\n";

/** A valid non-streaming answer of `text`. */
export const answerOf = (text: string): object => ({
  id: "chatcmpl-script",
  object: "chat.completion",
  model: "script-model",
  choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
});

/** Answers with a valid completion of `text`, streamed when the request asked for a stream. */
export const ok =
  (text: string): Step =>
  (res, req) => {
    const isStream = (req as IncomingMessage & { json?: { stream?: unknown } }).json?.stream === true;
    if (isStream) res.writeHead(200, sseHeaders).end(streamOf(text));
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answerOf(text)));
  };

/**
 * Starts a server that plays `steps` in order, one per request; once they run out, the last step repeats.
 */
export async function startScriptServer(steps: readonly Step[]): Promise<ScriptServer> {
  let count = 0;
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const pieces: Buffer[] = [];
    req.on("data", (piece: Buffer) => pieces.push(piece));
    req.on("end", () => {
      const text = Buffer.concat(pieces).toString("utf8");
      const json = text === "" ? undefined : (JSON.parse(text) as unknown);
      bodies.push(json);
      (req as IncomingMessage & { json?: unknown }).json = json;
      const step = steps[Math.min(count, steps.length - 1)];
      count++;
      if (step === undefined) res.writeHead(500).end();
      else void step(res, req);
    });
  });
  return {
    baseUrl: `${await listenOnLoopback(server)}/v1`,
    count: () => count,
    bodies,
    close: () => closeServer(server),
  };
}
