import ky, { type KyInstance, type Options } from "ky";
import { type BenchClient, benchPrompt } from "./bench-client.ts";
import { type RawAnswer, readEventStream } from "./raw.ts";

/**
 * chatwire's defaults that shape each call it makes through ky (`defaultClientConfig` in
 * `lib/client/client-config.ts`; `ky-floor.spec.ts` holds these to it): `maxRetries`, ky's retry limit, and
 * `timeoutMs`, which bounds each attempt's wait for the headers when `withFirstByteTimeout` is unset.
 */
export const chatwireCallDefaults = { maxRetries: 2, timeoutMs: 600_000 } as const;

/**
 * ky configured as chatwire configures its instance and its calls (`newTransport` in
 * `lib/transport/transport.ts`, `openResponse` in `lib/transport/open-response.ts`) with its defaults: the
 * base URL as `prefix`, the key header, redirects not followed, HTTP errors thrown, a per-attempt timeout
 * and no total one, and a retry limit above 0 on POST, which makes ky clone the request before each attempt.
 * Nothing of chatwire's own (its fetch wrapper, retry rules, attempt records) is in it.
 */
export function kyFloorOptions(baseUrl: string): Options {
  return {
    prefix: baseUrl,
    headers: { authorization: "Bearer x" },
    redirect: "manual",
    throwHttpErrors: true,
    timeout: chatwireCallDefaults.timeoutMs,
    totalTimeout: false,
    retry: { limit: chatwireCallDefaults.maxRetries, methods: ["get", "post"] },
  };
}

/**
 * The floor of chatwire's HTTP stack: raw with ky sending the requests ({@link kyFloorOptions}), `json`
 * bodies, and raw's own SSE loop ({@link readEventStream}) over ky's response. The non-streaming answer is
 * read with `response.json()` on the `Response` ky returns, as raw reads it (undici's `json()` is `text()`
 * then `JSON.parse`, the same work chatwire's bounded read does), so that ky alone sets the two clients
 * apart. It does not validate, time or bound anything.
 */
export function newKyClient(baseUrl: string): BenchClient {
  const api: KyInstance = ky.create(kyFloorOptions(baseUrl));
  const messages = [{ role: "user", content: benchPrompt }];

  const complete = async (model: string): Promise<string> => {
    const response = await api.post("chat/completions", {
      json: { model, messages },
      headers: { accept: "application/json" },
    });
    const answer = (await response.json()) as RawAnswer;
    return answer.choices[0]?.message.content ?? "";
  };

  const stream = async (
    model: string,
    onContent: (content: string | undefined) => void,
    signal?: AbortSignal,
  ): Promise<number> => {
    const response = await api.post("chat/completions", {
      json: { model, messages, stream: true, stream_options: { include_usage: true } },
      headers: { accept: "text/event-stream" },
      ...(signal === undefined ? {} : { signal }),
    });
    return readEventStream(response, onContent);
  };

  return { complete, stream };
}
