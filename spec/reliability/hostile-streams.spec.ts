// The hostile server's streaming scenarios through `client.chatCompletionStream`: every wire form of a valid
// stream yields the same chunks, and every broken stream ends with exactly one error chunk of the right kind.
import { describe, expect, test } from "vitest";
import { withClock } from "../../lib/index.ts";
import {
  type HostileScenario,
  hostileCompletion,
  hostileErrorChunk,
  hostileErrorEvent,
  hostileGarbageLine,
  hostileText,
} from "../support/hostile-server.ts";
import { hostileClient, useHostileServer } from "./hostile-client.ts";
import { errorChunk, expectOneLastChunk, okChunks, streamChunks } from "./hostile-stream.ts";

const server = useHostileServer({ maxScenarioMs: 5_000 });

/** A client for one scenario whose clock always reads 0, so that every latency field is 0. */
const clientFor = (scenario: HostileScenario) =>
  hostileClient(
    server(),
    scenario,
    withClock(() => 0),
  );
const urlOf = (scenario: HostileScenario): string => `${server().baseUrl(scenario)}/chat/completions`;
/** A chunk of the valid stream that is not the last one. */
const notLast = (index: number) => ({ ...okChunks[index], isLastChunk: false });

describe("every wire form of the valid stream yields the same chunks", () => {
  test.each<HostileScenario>([
    "stream-ok",
    "stream-cr-only",
    "stream-crlf",
    "stream-comments",
    "stream-one-byte-writes",
    "stream-paced",
    "gzip",
    // No [DONE], but every choice finished: complete, by the streaming code's rule.
    "stream-no-done",
  ])("%s", async (scenario) => {
    const chunks = await streamChunks(clientFor(scenario));

    expect(chunks).toStrictEqual(okChunks);
    expect(server().requests).toHaveLength(1);
    expect((await server().settledReply(0)).state).toBe("finished");
  });

  test("stream-split-utf8: characters cut across reads arrive whole, no U+FFFD", async () => {
    const chunks = await streamChunks(clientFor("stream-split-utf8"));

    expect(chunks).toStrictEqual(okChunks);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe(hostileText);
    expect(text).not.toContain("\uFFFD");
  });
});

describe("a broken stream ends with exactly one error chunk", () => {
  test("stream-truncated: two chunks, then network; not retried once a chunk was delivered", async () => {
    const chunks = await streamChunks(clientFor("stream-truncated"));

    expect(chunks).toStrictEqual([
      notLast(0),
      notLast(1),
      errorChunk({
        kind: "network",
        message: `reading the stream of POST ${urlOf("stream-truncated")} failed: ECONNRESET`,
        cause: "ECONNRESET",
        retryable: true,
      }),
    ]);
    expect(server().requests).toHaveLength(1);
  });

  test("stream-unfinished: ends cleanly without [DONE] before the choice finished: truncated", async () => {
    const chunks = await streamChunks(clientFor("stream-unfinished"));

    expect(chunks).toStrictEqual([
      ...okChunks.slice(0, -1).map((_, index) => notLast(index)),
      errorChunk({
        kind: "network",
        message: "the stream ended before it was complete: no [DONE], and 0 of 1 choice(s) finished",
        cause: "truncated",
        retryable: true,
      }),
    ]);
    expect(server().requests).toHaveLength(1);
  });

  test("stream-garbage-line: decode, with what arrived", async () => {
    const chunks = await streamChunks(clientFor("stream-garbage-line"));

    expect(chunks).toStrictEqual([
      notLast(0),
      errorChunk({
        kind: "decode",
        message: expect.stringMatching(/^stream chunk 2 is not JSON: /),
        bodySnippet: hostileGarbageLine.slice("data: ".length),
        retryable: false,
      }),
    ]);
  });

  test("stream-error-event (Groq's shape): http, with the server's message and code", async () => {
    const chunks = await streamChunks(clientFor("stream-error-event"));

    const body = JSON.stringify(hostileErrorEvent);
    expect(chunks).toStrictEqual([
      notLast(0),
      notLast(1),
      errorChunk({
        kind: "http",
        message: `POST ${urlOf("stream-error-event")} → 200, then the server sent an error in the stream: ${hostileErrorEvent.error.message}`,
        status: 200,
        serverMessage: hostileErrorEvent.error.message,
        type: "invalid_request_error",
        code: "tool_use_failed",
        bodySnippet: body,
        body,
        retryable: false,
      }),
    ]);
  });

  test("stream-error-chunk (OpenRouter's shape): http, with the status its body names", async () => {
    const chunks = await streamChunks(clientFor("stream-error-chunk"));

    const body = JSON.stringify(hostileErrorChunk);
    expect(chunks).toStrictEqual([
      notLast(0),
      notLast(1),
      errorChunk({
        kind: "http",
        message: `POST ${urlOf("stream-error-chunk")} → 200, then the server sent an error in the stream: Upstream provider error`,
        status: 502,
        serverMessage: "Upstream provider error",
        code: 502,
        bodySnippet: body,
        body,
        retryable: true,
      }),
    ]);
    // The error chunk's own choices are not handed over: the stream failed.
    expectOneLastChunk(chunks);
  });

  test.each([
    ["stream-as-json", JSON.stringify(hostileCompletion)],
    ["html-200", "<!DOCTYPE html><html><body>Please log in</body></html>"],
  ] as const)("%s with stream: true: decode, not an SSE stream", async (scenario, received) => {
    const chunks = await streamChunks(clientFor(scenario));

    expect(chunks).toStrictEqual([
      errorChunk({
        kind: "decode",
        message: "the response is not an SSE stream: it holds no event",
        bodySnippet: received,
        retryable: false,
      }),
    ]);
  });
});
