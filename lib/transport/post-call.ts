import type { RequestSettings } from "../request/request-settings.ts";
import type { HttpCall } from "./http-call.ts";
import type { TransportConfig } from "./transport-config.ts";

/** What a request says about its own call: its timeouts and its retries, when it sets them. */
export type CallSettings = Pick<RequestSettings, "timeoutMs" | "maxRetries" | "streamTimeoutMs">;

/**
 * The call of a prepared request body, or a `GET` without one. A request's `withTimeout` bounds each of
 * its waits; without it, the client's finer timeouts (`withFirstByteTimeout`, `withIdleTimeout`) apply
 * where set, else `withClientTimeout`; its retries are the request's, else the client's. A body is sent
 * with `stream: true` when streaming and without `stream` and `stream_options` when not (the method called
 * decides, whatever the builder said). A stream has no total timeout: its first byte and its silences are
 * bounded, and the whole of it only when asked (`withStreamTimeout`, `withClientStreamTimeout`).
 */
export function newCall(
  config: TransportConfig,
  request: CallSettings,
  path: string,
  body: Readonly<Record<string, unknown>> | undefined,
  isStream: boolean,
  signal: AbortSignal | undefined,
): HttpCall {
  const { timeoutMs } = request;
  const total = timeoutMs ?? config.timeoutMs;
  const { stream: _stream, stream_options: _streamOptions, ...rest } = body ?? {};
  const streamTimeoutMs = request.streamTimeoutMs ?? config.streamTimeoutMs;
  return {
    method: body === undefined ? "GET" : "POST",
    path,
    ...(body === undefined ? {} : { json: isStream ? { ...body, stream: true } : rest }),
    accept: isStream ? "text/event-stream" : "application/json",
    deadline: isStream
      ? streamTimeoutMs === undefined
        ? undefined
        : { phase: "stream", timeoutMs: streamTimeoutMs }
      : { phase: "total", timeoutMs: total },
    firstByteTimeoutMs: timeoutMs ?? config.firstByteTimeoutMs ?? total,
    idleTimeoutMs: timeoutMs ?? config.idleTimeoutMs ?? total,
    maxRetries: request.maxRetries ?? config.maxRetries,
    signal,
  };
}
