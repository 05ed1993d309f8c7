// How a stream ends when its bytes end: a last event cut short is a truncation (network), not a chunk that
// is "not JSON" (decode); a complete last event without its blank line is still read; and keep-alive
// comments, however long, never count as an event.
import { describe, expect, test } from "vitest";
import { type ClientOption, type CompletionChunk, withMaxEventBytes } from "../../lib/index.ts";
import { drain, openOk, replyWithStream, testClient } from "./support/replay.ts";

const encoder = new TextEncoder();
const content = (text: string) =>
  `data: {"id":"c","choices":[{"index":0,"delta":{"content":"${text}"},"finish_reason":null}]}\n\n`;
const finish = 'data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n';
const contentChunk = (text: string) => ({
  id: "c",
  choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
  chunkLatencyMs: 0,
  totalLatencyMs: 0,
  isLastChunk: false,
});
const finishChunk = {
  id: "c",
  choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
  chunkLatencyMs: 0,
  totalLatencyMs: 0,
  isLastChunk: true,
};

/** Streams `wire` in two reads cut at `at`. */
async function streamSplit(wire: string, at: number, ...options: ClientOption[]): Promise<CompletionChunk[]> {
  const bytes = encoder.encode(wire);
  replyWithStream([bytes.subarray(0, at), bytes.subarray(at)].filter((piece) => piece.length > 0));
  return drain(await openOk(testClient(...options)));
}

/** The kinds (and causes) of the errors a stream ended with. */
const errorsOf = (chunks: readonly CompletionChunk[]) =>
  chunks.flatMap((chunk) =>
    chunk.error === undefined
      ? []
      : [[chunk.error.kind, "cause" in chunk.error ? chunk.error.cause : undefined]],
  );

describe("a last event cut short is a truncation", () => {
  // A chunk whose JSON the server wrote over two data lines, cut at every byte of that last event.
  const whole = content("a");
  const last =
    'data: {"id":"c","choices":[{"index":0,\ndata: "delta":{"content":"b"},"finish_reason":null}]}\n\n';

  test("cut anywhere before its last line ended: network (truncated), never decode", async () => {
    for (let cut = 1; cut < last.indexOf("}\n") + 1; cut++) {
      const wire = whole + last.slice(0, cut);
      const chunks = await streamSplit(wire, Math.floor(wire.length / 2));
      expect({ cut, errors: errorsOf(chunks) }).toStrictEqual({ cut, errors: [["network", "truncated"]] });
      expect(chunks.slice(0, -1)).toStrictEqual([contentChunk("a")]);
    }
  });

  test("cut after the first of its two data lines, split at every offset of that event: the truncation error", async () => {
    const wire = whole + last.slice(0, last.indexOf("\n") + 1);
    for (let at = whole.length; at < wire.length; at++) {
      expect(await streamSplit(wire, at)).toStrictEqual([
        contentChunk("a"),
        {
          choices: [],
          chunkLatencyMs: 0,
          totalLatencyMs: 0,
          isLastChunk: true,
          error: {
            kind: "network",
            message: "the stream ended before it was complete: no [DONE], and 0 of 1 choice(s) finished",
            cause: "truncated",
            retryable: true,
          },
        },
      ]);
    }
  });

  test("a complete last event without its blank line is read: `data: [DONE]\\n` ends the stream, split anywhere in it", async () => {
    const wire = `${content("a")}${finish}data: [DONE]\n`;
    for (let at = wire.length - "data: [DONE]\n".length - 1; at < wire.length; at++) {
      expect(await streamSplit(wire, at)).toStrictEqual([contentChunk("a"), finishChunk]);
    }
  });
});

describe("comments do not count against maxEventBytes", () => {
  test("a keep-alive comment 4x the bound between chunks, split at every 9th offset: every chunk, no error", async () => {
    const wire = `${content("a")}: ${"keep-alive ".repeat(40)}\n\n${finish}data: [DONE]\n\n`;
    for (let at = 1; at < wire.length; at += 9) {
      expect(await streamSplit(wire, at, withMaxEventBytes(110))).toStrictEqual([
        contentChunk("a"),
        finishChunk,
      ]);
    }
  });
});
