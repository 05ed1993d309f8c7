import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";

/** Which provider, model and endpoint a router sent a call to. */
export interface RouteInfo {
  /** The route's name: the part before the first `/` of `provider/model`. */
  readonly provider: string;
  /** The model sent to that provider: the part after the first `/`. */
  readonly model: string;
  /** The endpoint that served it: the route name, or `name#index` for a route with several replicas. */
  readonly endpoint: string;
}

/** One attempt of a routed call: where it went, how long it took, and how it failed (when it did). */
export interface RouteAttempt extends RouteInfo {
  /**
   * From the attempt's start to its response (for a stream: to its first content chunk) or its failure,
   * in milliseconds on the router's clock. The client's own retries happen inside one attempt: they are
   * listed in `error.attempts`.
   */
  readonly latencyMs: number;
  readonly error?: ChatwireError;
}

/** What a router adds to a result: who answered, and every attempt made, the answering one last. */
export interface RouteMeta {
  readonly route: RouteInfo;
  readonly routeAttempts: readonly RouteAttempt[];
}

/** A routed result: the client's result plus {@link RouteMeta}. */
export type Routed<T> = T & RouteMeta;

/**
 * The error of a routed call: the last attempt's error (its `kind`, `status`...) with every attempt
 * listed; when several attempts failed, the message names each. A plain `ChatwireError` otherwise.
 */
export type RouteError = ChatwireError & { readonly routeAttempts: readonly RouteAttempt[] };

/** How much of a routed stream had been handed over when it failed. */
export interface StreamReceived {
  readonly chunks: number;
  /** Characters of content, refusal, reasoning, text and tool-call arguments. */
  readonly characters: number;
}

/** A chunk of a routed stream: on the error chunk of a stream that failed after content, `received`. */
export type RoutedChunk<C> = C & { readonly received?: StreamReceived };

/**
 * A routed stream, opened once its first content (or tool-call delta) arrived: iterate it once with
 * `for await`. Its chunks are those of the answering call, latencies measured from that call's start.
 */
export interface RoutedStream<C> extends AsyncIterable<RoutedChunk<C>>, RouteMeta {
  readonly requestId?: string;
  /** From the answering call's start to its response headers, in milliseconds. */
  readonly headersLatencyMs: number;
  /** The answering call's HTTP attempts. */
  readonly attempts: readonly AttemptRecord[];
}
