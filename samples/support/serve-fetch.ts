// Serves a fetch function (a replay of recorded traffic) over HTTP on 127.0.0.1, so that a program that
// takes a URL, such as the `chatwire` command, can reach it. Each body piece is written as it comes, so
// the recorded pace survives.

import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { FetchFunction } from "chatwire";

/** A running loopback server. */
export interface FetchServer {
  /** `http://127.0.0.1:PORT/v1`. */
  readonly baseUrl: string;
  readonly close: () => Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  let text = "";
  for await (const piece of request) text += String(piece);
  return text;
};

/** Starts a server on a free loopback port that answers every request with `fetch`. */
export async function serveFetch(fetch: FetchFunction): Promise<FetchServer> {
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const abort = new AbortController();
    response.on("close", () => abort.abort());
    const answer = await fetch(`http://127.0.0.1:8080${request.url}`, {
      method: request.method ?? "GET",
      headers: { "content-type": "application/json" },
      ...(body === "" ? {} : { body }),
      signal: abort.signal,
    }).catch(() => undefined);
    if (answer === undefined) return void response.destroy();
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.flushHeaders();
    const reader = answer.body?.getReader();
    for (let read = await reader?.read().catch(() => undefined); read !== undefined && !read.done; ) {
      response.write(read.value);
      read = await reader?.read().catch(() => undefined);
    }
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
