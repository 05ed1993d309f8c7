/** Reads response headers by name (any case); `Headers` is one. */
export interface HeaderLookup {
  /** The header's value (repeated headers joined with `, `), or `null` when it was not sent. */
  readonly get: (name: string) => string | null;
}

/** Reads a response body once, in pieces; a `ReadableStreamDefaultReader` is one. */
export interface BodyReader {
  /** The next piece of the body, or `done` at its end; rejects as the connection fails. */
  readonly read: () => Promise<ReadableStreamReadResult<Uint8Array>>;
  /** Stops reading and releases the connection; never rejects. */
  readonly cancel: () => Promise<void>;
}

/** A response whose headers arrived, as chatwire reads it: its status, headers and body reader. */
export interface HttpReply {
  readonly status: number;
  /** A 3xx, or the opaque redirect `fetch` answers with `redirect: "manual"`: never followed. */
  readonly isRedirect: boolean;
  readonly headers: HeaderLookup;
  /** The body's reader, for one reader at a time. */
  readonly body: BodyReader;
  /**
   * What the body belongs to, held as long as the reply: undici cancels the body of a `Response` that is
   * garbage-collected before its body was read, which would empty a stream opened now and iterated later.
   */
  readonly owner?: unknown;
}

const emptyBody: BodyReader = {
  read: () => Promise.resolve({ done: true, value: undefined }),
  cancel: () => Promise.resolve(),
};

// The body of a `withFetch` fetch that answered a Response-like object whose body is no web stream (a Node
// stream, say): every read fails, as a read of a broken body does, so the call ends in a `network` error.
const unreadableBody: BodyReader = {
  read: () => Promise.reject(new TypeError("the response body is not a ReadableStream")),
  cancel: () => Promise.resolve(),
};

/**
 * The reply of a `fetch` response (the global fetch, or one given with `withFetch`). The body is locked only
 * at its first read: undici cancels an unlocked body whose Response is garbage-collected, which closes the
 * connection of a stream opened and dropped unread.
 */
export function fetchReply(response: Response): HttpReply {
  const { body } = response;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return {
    status: response.status,
    isRedirect: response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400),
    headers: response.headers,
    body:
      body === null
        ? emptyBody
        : typeof body?.getReader !== "function"
          ? unreadableBody
          : {
              read: () => {
                reader ??= body.getReader();
                return reader.read();
              },
              cancel: () => (reader ?? body).cancel().catch(() => undefined),
            },
    owner: response,
  };
}
