import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the server does with one streaming request: write to `response`, end it, or leave it open. */
export type LoopbackHandler = (response: ServerResponse, socket: Socket) => void;

/** A real HTTP server on 127.0.0.1 that the test scripts, and that observes its sockets closing. */
export interface LoopbackServer {
  readonly baseUrl: string;
  /** Resolves when the socket of the `index`-th request (0-based) has closed. */
  readonly socketClosed: (index: number) => Promise<void>;
  /** How many bytes the handler of request `index` managed to write before its socket closed. */
  readonly bytesWritten: (index: number) => number;
  readonly close: () => Promise<void>;
}

/** Starts a loopback server whose every `POST …/chat/completions` is answered by `handler`. */
export async function startLoopback(handler: LoopbackHandler): Promise<LoopbackServer> {
  const closings: Promise<void>[] = [];
  const sockets = new Set<Socket>();
  const written: Socket[] = [];
  const server = createServer((request, response) => {
    const socket = request.socket;
    written.push(socket);
    closings.push(new Promise((resolve) => socket.once("close", () => resolve())));
    request.resume();
    request.once("end", () => {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.flushHeaders();
      handler(response, socket);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    socketClosed: async (index) => {
      while (closings[index] === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
      await closings[index];
    },
    bytesWritten: (index) => written[index]?.bytesWritten ?? 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `text`, then keeps writing `filler` every few milliseconds while the socket stays open. */
export function writeThenTrickle(response: ServerResponse, text: string, filler?: string): void {
  response.write(text);
  if (filler === undefined) return;
  const timer = setInterval(() => {
    if (response.destroyed || response.socket?.destroyed !== false) clearInterval(timer);
    else response.write(filler);
  }, 2);
  response.once("close", () => clearInterval(timer));
}
