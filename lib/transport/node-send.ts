import type * as Http from "node:http";
import type * as Zlib from "node:zlib";
import type { BodyReader, HttpReply, OutgoingRequest, SendRequest } from "./http-reply.ts";

interface NodeModules {
  readonly http: typeof Http;
  /** Loaded at the first https:// request: TLS is not loaded for a client of a local server. */
  readonly https: () => typeof Http;
  /** Loaded at the first compressed response. */
  readonly zlib: () => typeof Zlib;
  readonly byteLength: (text: string) => number;
}

type GetBuiltinModule = (id: string) => unknown;

let modules: NodeModules | null | undefined;

/**
 * Node's own HTTP modules, when chatwire runs on Node itself (not Bun, Deno or a worker runtime that
 * imitates it), else `null`. `process.getBuiltinModule` keeps every bundle free of `node:` imports.
 */
function nodeModules(): NodeModules | null {
  if (modules !== undefined) return modules;
  const userAgent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  const get = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process?.getBuiltinModule;
  if (typeof userAgent !== "string" || !userAgent.startsWith("Node.js/") || typeof get !== "function") {
    modules = null;
    return modules;
  }
  const { Buffer } = get("node:buffer") as typeof import("node:buffer");
  let https: typeof Http | undefined;
  let zlib: typeof Zlib | undefined;
  modules = {
    http: get("node:http") as typeof Http,
    https: () => {
      https ??= get("node:https") as typeof Http;
      return https;
    },
    zlib: () => {
      zlib ??= get("node:zlib") as typeof Zlib;
      return zlib;
    },
    byteLength: (text) => Buffer.byteLength(text),
  };
  return modules;
}

/** A socket error with a system code, as Node reports a connection that ended early. */
function closedEarly(): Error {
  return Object.assign(new Error("the connection closed before the body ended"), { code: "ECONNRESET" });
}

/** The decompressor of a `Content-Encoding`, or `undefined` for identity (or one Node cannot decode). */
function decoderOf(zlib: () => typeof Zlib, encoding: string | undefined): Zlib.Gunzip | undefined {
  if (encoding === undefined) return undefined;
  switch (encoding.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib().createGunzip();
    case "deflate":
      return zlib().createInflate();
    case "br":
      return zlib().createBrotliDecompress();
    default:
      return undefined;
  }
}

type Readable = Http.IncomingMessage | Zlib.Gunzip;

/**
 * Reads a Node stream on demand: at most one piece waits for the reader (the stream is paused meanwhile),
 * so a slow consumer holds one piece, not the whole body. A stream that closes before its end, or fails,
 * fails the read waiting on it.
 */
function pullReader(stream: Readable, destroy: () => void): BodyReader {
  const pieces: Uint8Array[] = [];
  let waiting:
    | { resolve: (read: ReadableStreamReadResult<Uint8Array>) => void; reject: (error: unknown) => void }
    | undefined;
  let isEnded = false;
  let failure: unknown;
  const settle = (): void => {
    const reader = waiting;
    if (reader === undefined) return;
    waiting = undefined;
    if (failure !== undefined) reader.reject(failure);
    else reader.resolve({ done: true, value: undefined });
  };
  stream.on("data", (piece: Uint8Array) => {
    const reader = waiting;
    if (reader === undefined) {
      pieces.push(piece);
      stream.pause();
      return;
    }
    waiting = undefined;
    reader.resolve({ done: false, value: piece });
  });
  stream.on("end", () => {
    isEnded = true;
    settle();
  });
  stream.on("error", (error: unknown) => {
    failure ??= error;
    settle();
  });
  stream.on("close", () => {
    if (!isEnded) failure ??= closedEarly();
    settle();
  });
  return {
    read: () => {
      const piece = pieces.shift();
      if (piece !== undefined) {
        if (pieces.length === 0 && !isEnded) stream.resume();
        return Promise.resolve({ done: false, value: piece });
      }
      if (failure !== undefined) return Promise.reject(failure);
      if (isEnded) return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    cancel: () => {
      pieces.length = 0;
      isEnded = true;
      destroy();
      return Promise.resolve();
    },
  };
}

/** Node's headers (lower-case names; repeated ones as an array) looked up like `Headers`. */
function headerLookup(headers: Http.IncomingHttpHeaders): HttpReply["headers"] {
  return {
    get: (name) => {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

// A body dropped unread (a stream opened and never iterated) would keep its socket until the server gives
// up: its connection is closed once the reader is garbage-collected, as undici does for a Response.
const abandoned = new FinalizationRegistry<() => void>((destroy) => destroy());

function replyOf(response: Http.IncomingMessage, zlib: () => typeof Zlib): HttpReply {
  const status = response.statusCode ?? 0;
  const decoder = decoderOf(zlib, response.headers["content-encoding"]);
  const destroy = (): void => {
    response.destroy();
    decoder?.destroy();
  };
  if (decoder !== undefined) {
    response.on("error", (error) => decoder.destroy(error));
    response.on("close", () => {
      if (!response.complete) decoder.destroy(closedEarly());
    });
  }
  const body = pullReader(decoder === undefined ? response : response.pipe(decoder), destroy);
  abandoned.register(body, destroy);
  return {
    status,
    isRedirect: status >= 300 && status < 400,
    headers: headerLookup(response.headers),
    body,
  };
}

/** Sends the request; the guard's signal destroys it, whatever it is waiting for. Throws on a bad header. */
function startRequest(found: NodeModules, request: OutgoingRequest): Http.ClientRequest {
  const { signal, body } = request;
  const headers: Record<string, string | number> = {
    "user-agent": "chatwire",
    "accept-encoding": "gzip, deflate, br",
    ...request.headers,
  };
  if (body !== null) headers["content-length"] = found.byteLength(body);
  const outgoing = (request.url.startsWith("https:") ? found.https() : found.http).request(request.url, {
    method: request.method,
    headers,
  });
  const onAbort = (): void => {
    outgoing.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
  };
  if (signal.aborted) onAbort();
  else {
    signal.addEventListener("abort", onAbort, { once: true });
    outgoing.once("close", () => signal.removeEventListener("abort", onAbort));
  }
  // Failures after the headers reach the reader through the response; this one only keeps them handled.
  outgoing.on("error", ignore);
  outgoing.end(body ?? undefined);
  return outgoing;
}

const ignore = (): void => undefined;

/**
 * The transport chatwire uses on Node: `node:http` and `node:https` with their global (keep-alive) agents.
 * Node's fetch runs every request and every body read through WHATWG streams; this path costs about a
 * third of that CPU per request, and less per streamed chunk. Like fetch, it asks for gzip, deflate or
 * brotli and decodes them, never follows a redirect, and fails with the system code of a broken socket;
 * it says `user-agent: chatwire` unless the client's headers say otherwise.
 * `undefined` where Node's modules are not available (browsers, Bun, Deno, workers): fetch is used there.
 */
export function nodeSend(): SendRequest | undefined {
  const found = nodeModules();
  if (found === null) return undefined;
  return (request) =>
    new Promise<HttpReply>((resolve, reject) => {
      const outgoing = startRequest(found, request);
      // Both listeners go once either fires: a settled promise held by a listener would keep its reply (and a
      // body dropped unread) alive as long as the socket.
      const onResponse = (response: Http.IncomingMessage): void => {
        outgoing.off("error", onError);
        resolve(replyOf(response, found.zlib));
      };
      const onError = (error: unknown): void => {
        outgoing.off("response", onResponse);
        reject(error);
      };
      outgoing.once("response", onResponse);
      outgoing.once("error", onError);
    });
}
