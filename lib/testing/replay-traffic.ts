import { ok, type Result } from "neverthrow";
import type { FetchFunction } from "../transport/transport-config.ts";
import { fromBase64 } from "./base64.ts";
import { parseRecording } from "./parse-recording.ts";
import type { RecordingError } from "./recording-error.ts";
import { loadRecording } from "./recording-file.ts";
import type { TimedRecording } from "./recording-types.ts";
import { abortReason, type PreparedExchange, replayExchange } from "./replay-exchange.ts";
import { type ReplayScheduler, realScheduler } from "./replay-scheduler.ts";

/** How {@link replayTraffic} plays a recording back. */
export interface ReplayOptions {
  /**
   * How fast: `1` at the recorded pace, `10` ten times faster, `0` instantly (every piece at once, in
   * order, still one piece per read). Must be ≥ 0. @default 1
   */
  readonly speed?: number;
  /** The clock and timer the replay waits with. @default real time; see {@link newVirtualScheduler} */
  readonly scheduler?: ReplayScheduler;
}

/** The status of a request the replay cannot answer: not retried by chatwire, unlike a 5xx. */
export const replayErrorStatus = 404;

type ReplayErrorCode = "no_exchange" | "bad_recording" | "bad_option";

/** An answer in the OpenAI error shape, so that chatwire reports the replay's message as the server's. */
function replayError(code: ReplayErrorCode, message: string): Response {
  return new Response(JSON.stringify({ error: { message, type: "replay_error", code } }), {
    status: replayErrorStatus,
    headers: { "content-type": "application/json", "x-chatwire-replay": code },
  });
}

function prepare(recording: TimedRecording): PreparedExchange[] {
  return recording.exchanges.map(({ request, response }) => ({
    method: request.method.toUpperCase(),
    path: request.path,
    status: response.status,
    headersAtMs: response.headersAtMs,
    headers: response.headers,
    chunks: response.chunks.map((chunk) => ({ atMs: chunk.atMs, bytes: fromBase64(chunk.base64) })),
    error: response.error,
    isUsed: false,
  }));
}

function mismatch(method: string, path: string, exchanges: readonly PreparedExchange[]): string {
  const unused = exchanges.filter((exchange) => !exchange.isUsed);
  const left =
    unused.length === 0
      ? `all ${exchanges.length} recorded exchanges were used`
      : `the next unused one is ${unused[0]?.method} ${unused[0]?.path}`;
  return `chatwire replay: no recorded exchange left for ${method} ${path}; ${left}`;
}

/**
 * Gives a fetch (for `withFetch`) that answers from a `timed-http-recording/1` recording, made by
 * {@link recordTraffic} or by any recorder of the format. Each request takes the next unused exchange
 * with the same method and path (query included), in recorded order; its response headers come at
 * `headersAtMs / speed` after the request and each body piece at `atMs / speed`, with the recorded piece
 * boundaries. Replayed streams go through exactly the same chatwire code as live ones.
 *
 * Like fetch, it rejects only when the request's signal aborts (and an abort mid-body errors the body).
 * A request it cannot answer (no exchange left, a recording that cannot be read, a bad `speed`) gets a
 * {@link replayErrorStatus} JSON answer whose message says why, which chatwire reports as an `http` error
 * without retrying. `source` is a recording, or a file path read on the first request (Node only); use
 * {@link loadRecording} to check a file up front.
 *
 * @example
 * ```ts
 * const client = newClient(
 *   withBaseUrl("http://localhost:8080/v1"),
 *   withFetch(replayTraffic("recordings/02-streaming-chat.json", { speed: 0 })),
 * );
 * ```
 */
export function replayTraffic(source: TimedRecording | string, options: ReplayOptions = {}): FetchFunction {
  const { speed = 1, scheduler = realScheduler } = options ?? {};
  let loaded: Promise<Result<PreparedExchange[], RecordingError>> | undefined;
  const load = (): Promise<Result<PreparedExchange[], RecordingError>> => {
    loaded ??= Promise.resolve(
      typeof source === "string" ? loadRecording(source) : parseRecording(source),
    ).then((recording) => recording.andThen((valid) => ok(prepare(valid))));
    return loaded;
  };
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const url = new URL(request?.url ?? String(input));
    const signal = init?.signal ?? request?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!(speed >= 0)) return replayError("bad_option", `chatwire replay: speed must be ≥ 0, got ${speed}`);
    const exchanges = await load();
    if (exchanges.isErr()) return replayError("bad_recording", `chatwire replay: ${exchanges.error.message}`);
    const path = `${url.pathname}${url.search}`;
    const exchange = exchanges.value.find(
      (candidate) => !candidate.isUsed && candidate.method === method && candidate.path === path,
    );
    if (exchange === undefined) return replayError("no_exchange", mismatch(method, path, exchanges.value));
    exchange.isUsed = true;
    return replayExchange(exchange, scheduler, speed, signal);
  };
}
