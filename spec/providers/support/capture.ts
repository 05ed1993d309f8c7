// Small helpers for the provider specs: capture what a client sends, or prove it sent nothing.
import type { Result } from "neverthrow";
import nock from "nock";
import { expect } from "vitest";
import type { ChatwireError } from "../../../lib/index.ts";

/** A valid non-streaming chat answer. */
export const okAnswer: object = {
  id: "chatcmpl-mapped",
  object: "chat.completion",
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
};

/** Answers one POST at `origin` + `path` and gives back the JSON body received. */
export async function capturedBody<T, E>(
  origin: string,
  path: string,
  send: () => PromiseLike<Result<T, E>>,
  answer: object | string = okAnswer,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<unknown> {
  let received: unknown;
  const scope = nock(origin)
    .post(path, (body) => {
      received = body;
      return true;
    })
    .query(true)
    .reply(200, answer, headers);
  const result = await send();
  expect(result.isOk(), JSON.stringify(result)).toBe(true);
  expect(scope.isDone()).toBe(true);
  return received;
}

/**
 * Runs a call that must fail before any network call: no interceptor is set up, so any request that
 * tried to leave would be counted. Gives back the error.
 */
export async function refusedBeforeSending<T, E extends ChatwireError>(
  send: () => PromiseLike<Result<T, E>>,
): Promise<E> {
  let attempted = 0;
  const onRequest = (): void => {
    attempted++;
  };
  nock.emitter.on("no match", onRequest);
  const result = await send();
  nock.emitter.off("no match", onRequest);
  expect(attempted).toBe(0);
  return result._unsafeUnwrapErr();
}
