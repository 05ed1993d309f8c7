import { isRecord } from "../internal/is-record.ts";
import { readServerTiming } from "./server-timing-formats.ts";
import type { ServerTiming } from "./server-timing-types.ts";

/**
 * Reads the timings a server reported in a response body, a collected stream or a single chunk, normalised
 * to milliseconds (see {@link ServerTiming}): llama.cpp's `timings`, vLLM's `metrics` (its
 * `--enable-per-request-metrics`), Groq's `x_groq.usage` or its `usage` time fields, Cerebras'
 * `time_info`, SambaNova's `usage` time fields. `undefined` when the server reported none of them.
 * chatwire fills it into `response.timing.server` already; call it yourself on chunks or stored bodies.
 *
 * @example
 * ```ts
 * const server = serverTiming(response);
 * if (server !== undefined) console.log(server.format, server.promptMs, server.decodeMs);
 * ```
 */
export function serverTiming(source: object): ServerTiming | undefined {
  return isRecord(source) ? readServerTiming(source) : undefined;
}
