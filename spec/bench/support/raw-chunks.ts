import { connect } from "node:net";

/** The HTTP chunks of one response body, as they are framed on the wire (`Transfer-Encoding: chunked`). */
export interface WireChunks {
  readonly status: number;
  /** Each chunk's payload, in order (the final zero-size chunk not included). */
  readonly chunks: readonly string[];
}

/** Splits a raw `chunked` body (everything after the header block) into its chunks' payloads. */
export function splitChunkedBody(body: Buffer): string[] {
  const chunks: string[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd === -1) throw new Error(`no chunk-size line at byte ${offset}`);
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString("latin1").split(";")[0] ?? "", 16);
    if (!Number.isInteger(size)) throw new Error(`bad chunk-size line at byte ${offset}`);
    if (size === 0) return chunks;
    const start = lineEnd + 2;
    chunks.push(body.subarray(start, start + size).toString("utf8"));
    offset = start + size + 2;
  }
}

/**
 * POSTs `body` to `url` over a plain TCP socket (`Connection: close`) and reads every byte the server
 * sends, so that the HTTP chunks are seen as the server framed them, before any client library parses
 * them.
 */
export function readWireChunks(url: string, body: string): Promise<WireChunks> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    socket.on("data", (bytes: Buffer) => received.push(bytes));
    socket.on("error", reject);
    socket.on("end", () => {
      const all = Buffer.concat(received);
      const headEnd = all.indexOf("\r\n\r\n");
      const head = all.subarray(0, headEnd).toString("latin1");
      if (headEnd === -1 || !/\r\ntransfer-encoding: chunked/i.test(head)) {
        reject(new Error(`not a chunked response: ${head.split("\r\n")[0]}`));
        return;
      }
      const status = Number(head.split(" ")[1]);
      const parsed = (): WireChunks => ({ status, chunks: splitChunkedBody(all.subarray(headEnd + 4)) });
      Promise.resolve().then(parsed).then(resolve, reject);
    });
    socket.write(
      `POST ${pathname} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

/** How many SSE events (blocks ended by a blank line) a piece of text holds. */
export const countEvents = (text: string): number => text.split("\n\n").length - 1;
