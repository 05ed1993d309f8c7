import { ok, type Result, ResultAsync } from "neverthrow";
import type { ClientOption } from "../client/client-config.ts";
import type { FetchFunction } from "../transport/transport-config.ts";
import { buildExchange } from "./build-exchange.ts";
import { readRecordedBody } from "./read-recorded-body.ts";
import type { RecordingError } from "./recording-error.ts";
import { recordingText, writeRecordingText } from "./recording-file.ts";
import { type RecordedExchange, recordingFormat } from "./recording-types.ts";
import { redactText, scrubPath, scrubRequestHeaders } from "./scrub-secrets.ts";

/** How {@link recordTraffic} records. */
export interface RecordOptions {
  /** Written to the file's `server` field. @default the origin of the first request */
  readonly server?: string;
  /** The most bytes recorded of one response body; past it, that body's recording stops. @default 16 MiB */
  readonly maxBodyBytes?: number;
  /**
   * The longest gap between two body pieces the recorder waits for, in milliseconds. It reads on after
   * the consumer has stopped, so this bounds how long a stalled server can keep it. @default 600_000
   */
  readonly idleTimeoutMs?: number;
}

/** What `flush()` of a {@link TrafficRecorder} reports: the file and how many exchanges it holds. */
export interface RecordingSummary {
  readonly path: string;
  readonly exchanges: number;
}

/** A client option that records, plus a way to wait until the file is written. */
export type TrafficRecorder = ClientOption & {
  /** The file the exchanges are written to. */
  readonly path: string;
  /**
   * Waits until every body being recorded has ended and the file is written. Never rejects: a file that
   * cannot be written is an `unwritable` error. With no exchange recorded, no file is written.
   */
  readonly flush: () => ResultAsync<RecordingSummary, RecordingError>;
};

interface RecorderState {
  started: number;
  recordedAt: string | undefined;
  server: string | undefined;
  readonly finished: Map<number, RecordedExchange>;
  readonly pending: Set<Promise<void>>;
  readonly secrets: Set<string>;
  written: Promise<Result<void, RecordingError>>;
}

function fileText(state: RecorderState): string {
  const exchanges = [...state.finished.entries()].sort(([a], [b]) => a - b).map(([, exchange]) => exchange);
  const text = recordingText({
    format: recordingFormat,
    recordedAt: state.recordedAt ?? new Date().toISOString(),
    server: state.server ?? "",
    exchanges,
  });
  // A last pass over the file text: a secret, or its JSON-escaped form, never reaches the disk.
  const secrets = [...state.secrets];
  return redactText(text, [...secrets, ...secrets.map((secret) => JSON.stringify(secret).slice(1, -1))]);
}

async function recordExchange(
  path: string,
  state: RecorderState,
  bounds: { readonly maxBodyBytes: number; readonly idleTimeoutMs: number },
  send: FetchFunction,
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<Response> {
  const index = state.started++;
  const startedAt = performance.now();
  const elapsedMs = (): number => performance.now() - startedAt;
  const request = new Request(input, init);
  const url = new URL(request.url);
  state.recordedAt ??= new Date().toISOString();
  state.server ??= url.origin;
  const sentBody = await ResultAsync.fromPromise(request.clone().text(), () => "");
  // The body now lives in `request`; the rest of `init` (a dispatcher, say) still goes to the fetch.
  const { body: _body, ...rest } = init ?? {};
  const response = await send(request, rest);
  const headersAtMs = Math.round(elapsedMs() * 1000) / 1000;
  // A status `new Response` cannot take (an opaque redirect's 0) could never be replayed: not recorded.
  if (response.status < 200 || response.status > 599) return response;
  const copy = response.body === null || response.bodyUsed ? undefined : response.clone().body;
  const scrubbed = scrubPath(url);
  const headers = scrubRequestHeaders(request.headers);
  for (const secret of [...scrubbed.secrets, ...headers.secrets]) state.secrets.add(secret);
  const finished = (
    copy == null ? Promise.resolve({ chunks: [] }) : readRecordedBody(copy, elapsedMs, bounds)
  )
    .then((body) => {
      const exchange = buildExchange(
        {
          method: request.method,
          path: scrubbed.path,
          headers: headers.headers,
          body: sentBody.unwrapOr(""),
        },
        { status: response.status, headersAtMs, headers: response.headers, body },
        [...state.secrets],
      );
      state.finished.set(index, exchange);
      state.written = state.written.then(() => writeRecordingText(path, fileText(state)));
    })
    .finally(() => state.pending.delete(finished));
  state.pending.add(finished);
  return response;
}

async function flush(path: string, state: RecorderState): Promise<Result<RecordingSummary, RecordingError>> {
  while (state.pending.size > 0) await Promise.all(state.pending);
  const written = await state.written;
  return written.map(() => ({ path, exchanges: state.finished.size }));
}

/**
 * Records the client's HTTP traffic to a `timed-http-recording/1` file, the format `replayTraffic` plays
 * back: each request (the API key and every secret-looking header left out), its status and headers, and
 * every piece of its body with its arrival time in milliseconds. The body is teed: the recorder reads its
 * copy to the end on its own, so an exchange is recorded whole even when the consumer stops reading after
 * the last chunk. The file is rewritten after each exchange; `flush()` waits for the last write.
 *
 * Node only: it writes with `node:fs/promises`. It wraps the fetch set so far, so put it after any
 * `withFetch`. The values of secret headers (and of `?key=`-like query parameters), 8 characters or
 * longer, are also removed wherever else they appear: in request and response bodies and headers.
 *
 * @example
 * ```ts
 * const recorder = recordTraffic("recordings/streaming.json");
 * const client = newClient(withBaseUrl("http://localhost:8080/v1"), recorder);
 * await client.chatCompletion(request);
 * const written = await recorder.flush();
 * written.match(({ exchanges }) => console.log(exchanges), (error) => console.error(error.message));
 * ```
 */
export function recordTraffic(path: string, options: RecordOptions = {}): TrafficRecorder {
  const settings: RecordOptions = options ?? {};
  const state: RecorderState = {
    started: 0,
    recordedAt: undefined,
    server: settings.server,
    finished: new Map(),
    pending: new Set(),
    secrets: new Set(),
    written: Promise.resolve(ok(undefined)),
  };
  const bounds = {
    maxBodyBytes: settings.maxBodyBytes ?? 16 * 1024 * 1024,
    idleTimeoutMs: settings.idleTimeoutMs ?? 600_000,
  };
  const option: ClientOption = (config) => {
    const send: FetchFunction = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
    return {
      ...config,
      fetch: (input, init) => recordExchange(path, state, bounds, send, input, init),
    };
  };
  return Object.assign(option, {
    path,
    flush: () => new ResultAsync(flush(path, state)),
  });
}
