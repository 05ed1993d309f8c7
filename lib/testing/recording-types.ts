/** The format tag of a timed HTTP recording, shared by chatwire's recorder and the llama.cpp recordings. */
export const recordingFormat = "timed-http-recording/1";

/** One piece of a response body, as it was read from the connection. */
export interface RecordedChunk {
  /** When the piece arrived, in milliseconds since the request started. */
  readonly atMs: number;
  /** The bytes of the piece, base64-encoded. */
  readonly base64: string;
}

/** The request of an exchange, secrets removed. */
export interface RecordedRequest {
  readonly method: string;
  /** The URL's path and query: `/v1/chat/completions`. */
  readonly path: string;
  /** Lower-case names; the API key and every secret-looking header are left out. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body text sent (`""` when there was none). */
  readonly body: string;
}

/** The response of an exchange, with the arrival time of every piece of its body. */
export interface RecordedResponse {
  readonly status: number;
  /** When the response headers arrived, in milliseconds since the request started. */
  readonly headersAtMs: number;
  /** Lower-case names; cookies are left out. */
  readonly headers: Readonly<Record<string, string>>;
  /** Every piece of the body in arrival order. */
  readonly chunks: readonly RecordedChunk[];
  /** The chunks joined, as UTF-8 text: for reading the file, never used to replay. */
  readonly body: string;
  /**
   * Why the body ended early (the connection dropped, the recorder's bounds), when it did. chatwire's
   * extension of the format: a replay errors the body after the last chunk with this text.
   */
  readonly error?: string;
}

/** One request and its response. */
export interface RecordedExchange {
  readonly request: RecordedRequest;
  readonly response: RecordedResponse;
}

/**
 * A `timed-http-recording/1` file: HTTP exchanges in the order they were made, each body chunk with its
 * arrival time. Plain data: read it, store it, replay it with `replayTraffic`.
 */
export interface TimedRecording {
  readonly format: typeof recordingFormat;
  /** When the first request was made, as an ISO 8601 date. */
  readonly recordedAt: string;
  /** What answered: a free description, or the origin the requests went to. */
  readonly server: string;
  readonly exchanges: readonly RecordedExchange[];
}
