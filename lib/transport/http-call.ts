/** One call to make: what to send and how long each wait may last. */
export interface HttpCall {
  readonly method: "GET" | "POST";
  /** Relative to the base URL: `chat/completions`. */
  readonly path: string;
  /** The body, sent as JSON by ky. */
  readonly json?: Readonly<Record<string, unknown>>;
  readonly accept: "application/json" | "text/event-stream";
  /**
   * Bounds the whole call, retries included: a non-streaming call's `total` timeout, or a stream's
   * `stream` timeout when one is set.
   */
  readonly deadline: { readonly phase: "total" | "stream"; readonly timeoutMs: number } | undefined;
  readonly firstByteTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxRetries: number;
  readonly signal: AbortSignal | undefined;
}

/** The URL a call goes to, as messages name it: the base URL (no trailing slash) and the call's path. */
export function callUrl(baseUrl: string, call: HttpCall): string {
  return `${baseUrl}/${call.path}`;
}
