// A loopback chat-completions server with known, paced chunk timing, for the specs of `chatwire bench`.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback } from "../../support/loopback.ts";

/** How the server answers request number `index` (from 0, in arrival order). */
export type Answer =
  | {
      readonly kind: "stream";
      /** When the first content chunk is written, in ms after the request arrived. */
      readonly firstTokenMs: number;
      /** The gap between content chunks, in ms. */
      readonly chunkIntervalMs: number;
      /** How many content chunks (one token each); the last carries the finish reason, usage and timings. */
      readonly tokens: number;
      /** Whether the last chunk carries `usage`. */
      readonly usage: boolean;
    }
  | { readonly kind: "status"; readonly status: number; readonly retryAfterS?: number }
  /** Never answers. */
  | { readonly kind: "hang" }
  /** Sends the headers and a first chunk, then nothing more. */
  | { readonly kind: "stall" };

/** A running paced server. */
export interface PacedServer {
  readonly baseUrl: string;
  /** The JSON bodies received, in arrival order. */
  readonly bodies: readonly Record<string, unknown>[];
  /** The most requests that were open at once. */
  readonly maxInFlight: () => number;
  /** Requests whose client went away before the answer ended. */
  readonly closedEarly: () => number;
  readonly close: () => Promise<void>;
}

/** llama.cpp's `timings` for an answer: prompt 40 ms, and decoding at one token per `chunkIntervalMs`. */
export const serverTimings = (tokens: number, chunkIntervalMs: number): Record<string, number> => ({
  prompt_n: 12,
  prompt_ms: 40,
  prompt_per_second: 300,
  predicted_n: tokens,
  predicted_ms: (tokens - 1) * chunkIntervalMs,
  predicted_per_second: 1000 / chunkIntervalMs,
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function chunk(fields: Record<string, unknown>): string {
  return `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "paced", ...fields })}\n\n`;
}

async function stream(response: ServerResponse, answer: Extract<Answer, { kind: "stream" }>): Promise<void> {
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.flushHeaders();
  await sleep(answer.firstTokenMs);
  for (let token = 0; token < answer.tokens; token++) {
    if (token > 0) await sleep(answer.chunkIntervalMs);
    if (response.destroyed) return;
    const isLast = token === answer.tokens - 1;
    const delta = token === 0 ? { role: "assistant", content: `t${token} ` } : { content: `t${token} ` };
    let text = chunk({ choices: [{ index: 0, delta, finish_reason: isLast ? "length" : null }] });
    if (isLast && answer.usage) {
      text += chunk({
        choices: [],
        usage: { prompt_tokens: 12, completion_tokens: answer.tokens, total_tokens: 12 + answer.tokens },
        timings: serverTimings(answer.tokens, answer.chunkIntervalMs),
      });
    }
    if (isLast) text += "data: [DONE]\n\n";
    response.write(text);
  }
  response.end();
}

/** Starts a paced server on 127.0.0.1; `answerFor` decides each request's answer. */
export async function startPacedServer(answerFor: (index: number) => Answer): Promise<PacedServer> {
  const bodies: Record<string, unknown>[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let closedEarly = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = "";
    request.on("data", (data: Buffer) => {
      text += data.toString("utf8");
    });
    request.on("end", () => {
      const index = bodies.length;
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      response.on("close", () => {
        inFlight--;
        if (!response.writableFinished) closedEarly++;
      });
      const answer = answerFor(index);
      if (answer.kind === "hang") return;
      if (answer.kind === "stall") {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "t0" } }] }));
        return;
      }
      if (answer.kind === "status") {
        response.writeHead(answer.status, {
          "content-type": "application/json",
          ...(answer.retryAfterS === undefined ? {} : { "retry-after": String(answer.retryAfterS) }),
        });
        response.end(
          JSON.stringify({ error: { message: "slow down", type: "rate_limit", code: answer.status } }),
        );
        return;
      }
      void stream(response, answer);
    });
  });
  const origin = await listenOnLoopback(server);
  return {
    baseUrl: `${origin}/v1`,
    bodies,
    maxInFlight: () => maxInFlight,
    closedEarly: () => closedEarly,
    close: () => closeServer(server),
  };
}

/** An output stream that keeps what was written, as the command sees a pipe (no terminal). */
export function newCollector(isTTY = false): {
  write: (text: string) => boolean;
  text: () => string;
  isTTY: boolean;
} {
  let written = "";
  return {
    isTTY,
    write: (text: string) => {
      written += text;
      return true;
    },
    text: () => written,
  };
}
