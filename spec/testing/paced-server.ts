// A real HTTP server on 127.0.0.1 that writes known pieces with known gaps, for the recorder's tests.
// Every reply is bounded in time and stops as soon as the client goes away.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";

/** One write of the server and how long it waits before it, in milliseconds. */
export interface PacedPiece {
  readonly gapMs: number;
  readonly bytes: Uint8Array;
}

const piece = (gapMs: number, text: string | Uint8Array): PacedPiece => ({
  gapMs,
  bytes: typeof text === "string" ? new TextEncoder().encode(text) : text,
});

const chunk = (delta: object, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: "chatcmpl-paced", object: "chat.completion.chunk", created: 1, model: "paced", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

const utf8 = new TextEncoder().encode(chunk({ content: "café" }));
const split = utf8.indexOf(0xc3) + 1; // between the two bytes of "é"

/** The SSE reply: a role chunk, "café" split inside its "é", a finish chunk and [DONE]. */
export const ssePieces: readonly PacedPiece[] = [
  piece(5, chunk({ role: "assistant", content: "" })),
  piece(20, utf8.subarray(0, split)),
  piece(10, utf8.subarray(split)),
  piece(15, chunk({}, "stop")),
  piece(5, "data: [DONE]\n\n"),
];

/** The JSON reply, in three writes; `echo` is put in the content (the planted-key test echoes the key). */
export function jsonPieces(echo: string): PacedPiece[] {
  const text = JSON.stringify({
    id: "chatcmpl-paced",
    object: "chat.completion",
    created: 1,
    model: "paced",
    choices: [
      { index: 0, message: { role: "assistant", content: `you sent ${echo}` }, finish_reason: "stop" },
    ],
    usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
  });
  // The cut falls inside the echoed value, so that a secret in it is split across two pieces.
  const middle = text.indexOf("you sent ") + 9 + Math.floor(echo.length / 2);
  return [piece(5, text.slice(0, middle)), piece(15, text.slice(middle, -10)), piece(10, text.slice(-10))];
}

/** The server's URL and a way to close it. */
export interface PacedServer {
  /** The base URL, `/v1` included. */
  readonly baseUrl: string;
  /** Requests seen, by path. */
  readonly seen: string[];
  readonly close: () => Promise<void>;
}

const lingerMs = 30;

async function reply(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const part of request) chunks.push(part as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  const isStream = body.includes('"stream":true');
  const pieces =
    request.url === "/v1/hang"
      ? [piece(0, "data: one piece, then nothing\n\n")]
      : isStream
        ? ssePieces
        : jsonPieces(request.headers.authorization ?? "nothing");
  response.writeHead(200, {
    "content-type": isStream || request.url === "/v1/hang" ? "text/event-stream" : "application/json",
    "set-cookie": "session=cookie-secret-value-42",
    "x-request-id": "req-paced",
  });
  let isGone = false;
  response.on("close", () => {
    isGone = true;
  });
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (const { gapMs, bytes } of pieces) {
    await wait(gapMs);
    if (isGone) return;
    response.write(bytes);
  }
  // /v1/hang holds the connection until the client leaves (bounded: 5 s); the others end a little after
  // their last piece, so that a consumer may stop reading before the end.
  await wait(request.url === "/v1/hang" ? 5_000 : lingerMs);
  response.end();
}

/** Starts the server on 127.0.0.1 on a free port. */
export async function startPacedServer(): Promise<PacedServer> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.url ?? "");
    void reply(request, response);
  });
  return { baseUrl: `${await listenOnLoopback(server)}/v1`, seen, close: () => closeServer(server) };
}
