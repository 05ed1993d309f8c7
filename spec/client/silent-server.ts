// A real loopback server that accepts requests and never answers, for timeouts and aborts. nock's
// `.delay()` is not used for these: an aborted, delayed nock reply makes undici fail an internal assertion
// later, outside the test.
import { createServer, type IncomingMessage, type Server } from "node:http";

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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the silent server has no port");
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
