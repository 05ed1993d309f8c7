// Shared by the foundation specs: one fake OpenAI-compatible server (nock) and a client pointed at it.
import nock from "nock";
import { expect } from "vitest";
import {
  type ChatCompletionRequest,
  type Client,
  type ClientOption,
  newClient,
  withApiKey,
  withBaseUrl,
} from "../../lib/index.ts";

export const apiOrigin: string = "https://api.chatwire.test";
export const baseUrl: string = `${apiOrigin}/v1`;
export const chatUrl: string = `${baseUrl}/chat/completions`;
/** A key planted to prove it never leaks: it must never appear in an error or a serialised object. */
export const plantedKey: string = "sk-planted-0123456789";

/** A small, valid non-streaming answer. */
export const okCompletion = {
  id: "chatcmpl-test",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4.1-nano",
  choices: [{ index: 0, message: { role: "assistant", content: "Hi!" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
} as const;

/** A client for the fake server, with the planted key. */
export function testClient(...options: readonly ClientOption[]): Client {
  return newClient(withBaseUrl(baseUrl), withApiKey(plantedKey), ...options);
}

/**
 * Sends a request through `client.chatCompletion` to nock and gives back the JSON body the server
 * received, after checking the call succeeded and the interceptor was used.
 */
export async function sentBody(
  request: ChatCompletionRequest,
  client: Client = testClient(),
): Promise<unknown> {
  let received: unknown;
  const scope = nock(apiOrigin)
    .post("/v1/chat/completions", (body) => {
      received = body;
      return true;
    })
    .reply(200, okCompletion);
  const result = await client.chatCompletion(request);
  expect(result.isOk(), JSON.stringify(result)).toBe(true);
  expect(scope.isDone()).toBe(true);
  return received;
}

/**
 * Counts the requests nock saw that no interceptor matched: with no interceptor set up, that is every
 * request that tried to leave. Call `stop()` when done.
 */
export function watchRequests(): { readonly count: () => number; readonly stop: () => void } {
  let count = 0;
  const onRequest = (): void => {
    count++;
  };
  nock.emitter.on("no match", onRequest);
  return { count: () => count, stop: () => nock.emitter.off("no match", onRequest) };
}
