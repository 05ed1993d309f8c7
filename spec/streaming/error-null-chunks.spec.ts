// Issue 14, bug 1: a valid stream whose chunks carry `"error": null` (the key sent, no error) must collect
// to the full response, not to `Err(null)`. The stream is a recorded OpenAI stream with `"error":null`
// added to every chunk in the test (the fixture file itself is replayed unchanged elsewhere).
import { readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  type CompletionChunk,
  collectStream,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withClock,
  withMaxRetries,
} from "../../lib/index.ts";

const origin = "https://error-null.test";
const client = newClient(
  withBaseUrl(`${origin}/v1`),
  withApiKey("sk-error-null-01"),
  withMaxRetries(0),
  withClock(() => 0),
);
const request = newChatCompletionRequest("gpt-4o", [newUserMessage("Weather?")]);
const recorded = readFileSync(
  new URL("../fixtures/streams/openai/text-with-usage.sse", import.meta.url),
  "utf8",
);
// Every chunk gets `"error":null` as its first field: `data: {"id"…` becomes `data: {"error":null,"id"…`.
const withErrorNull = recorded.replaceAll("data: {", 'data: {"error":null,');

function replay(body: string): nock.Scope {
  return nock(origin).post("/v1/chat/completions").reply(200, body, { "content-type": "text/event-stream" });
}

describe('chunks that carry "error": null', () => {
  test("collectStream returns the full response, the same as without the key", async () => {
    expect(withErrorNull).not.toBe(recorded);
    const scope = replay(recorded);
    const plain = (await client.chatCompletionStream(request).andThen(collectStream))._unsafeUnwrap();
    const nullScope = replay(withErrorNull);
    const collected = await client.chatCompletionStream(request).andThen(collectStream);

    expect(scope.isDone() && nullScope.isDone()).toBe(true);
    expect(collected.isOk()).toBe(true);
    const response = collected._unsafeUnwrap();
    expect(response.choices[0]?.message.content).toBe(plain.choices[0]?.message.content);
    expect(response.choices[0]?.message.content).toMatch(/^I'm unable to provide real-time weather/);
    expect(response).toStrictEqual(plain);
  });

  test("the chunks handed over have no error field, and only the real last one is the last", async () => {
    const scope = replay(withErrorNull);
    const chunks: CompletionChunk[] = [];
    for await (const chunk of (await client.chatCompletionStream(request))._unsafeUnwrap())
      chunks.push(chunk);

    expect(scope.isDone()).toBe(true);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.filter((chunk) => Object.hasOwn(chunk, "error"))).toStrictEqual([]);
    expect(chunks.map((chunk) => chunk.isLastChunk).lastIndexOf(true)).toBe(chunks.length - 1);
    expect(chunks.filter((chunk) => chunk.isLastChunk)).toHaveLength(1);
  });
});
