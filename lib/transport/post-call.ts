import type { ClientConfig } from "../client/client-config.ts";
import type { RequestSettings } from "../request/request-settings.ts";
import type { HttpCall } from "./open-response.ts";

/** What a request says about its own call: its timeout and its retries, when it sets them. */
export type CallSettings = Pick<RequestSettings, "timeoutMs" | "maxRetries">;

/**
 * The timeouts of one call. A request's `withTimeout` bounds each of its waits; without it, the client's
 * finer timeouts (`withFirstByteTimeout`, `withIdleTimeout`) apply where set, else `withClientTimeout`.
 */
export function callTimeouts(
  config: ClientConfig,
  request: CallSettings | undefined,
): Pick<HttpCall, "firstByteTimeoutMs" | "idleTimeoutMs"> & { readonly totalTimeoutMs: number } {
  const total = request?.timeoutMs ?? config.timeoutMs;
  return {
    totalTimeoutMs: total,
    firstByteTimeoutMs: request?.timeoutMs ?? config.firstByteTimeoutMs ?? total,
    idleTimeoutMs: request?.timeoutMs ?? config.idleTimeoutMs ?? total,
  };
}

/**
 * The POST of a prepared request body: sent with `stream: true` when streaming and without `stream` and
 * `stream_options` when not (the method called decides, whatever the builder said), with the request's
 * timeouts and retries. A stream has no total timeout: its first byte and its silences are bounded.
 */
export function newPostCall(
  config: ClientConfig,
  request: CallSettings,
  path: string,
  body: Readonly<Record<string, unknown>>,
  isStream: boolean,
  signal: AbortSignal | undefined,
): HttpCall {
  const { stream: _stream, stream_options: _streamOptions, ...rest } = body;
  const sent = isStream ? { ...body, stream: true } : rest;
  return {
    method: "POST",
    path,
    body: JSON.stringify(sent),
    accept: isStream ? "text/event-stream" : "application/json",
    ...callTimeouts(config, request),
    ...(isStream ? { totalTimeoutMs: undefined } : {}),
    maxRetries: request.maxRetries ?? config.maxRetries,
    signal,
  };
}
