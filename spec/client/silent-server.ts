// A real loopback server that accepts requests and never answers, for timeouts and aborts. nock's
// `.delay()` is not used for these: an aborted, delayed nock reply makes undici fail an internal assertion
// later, outside the test.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";

export interface SilentServer {
  /** The API root of the server, version path included. */
  readonly baseUrl: string;
  /** The requests received so far. */
  readonly received: () => readonly IncomingMessage[];
  readonly close: () => Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 that holds every request open until it is closed; `onRequest` runs as each
 * request arrives.
 */
export async function startSilentServer(onRequest: () => void = () => undefined): Promise<SilentServer> {
  const received: IncomingMessage[] = [];
  const server: Server = createServer((request) => {
    received.push(request);
    request.resume();
    onRequest();
  });
  return {
    baseUrl: `${await listenOnLoopback(server)}/v1`,
    received: () => received,
    close: () => closeServer(server),
  };
}
