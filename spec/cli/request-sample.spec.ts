import { describe, expect, it } from "vitest";
import { measureStream } from "../../lib/cli/request-sample.ts";
import type { ChatwireError, CompletionChunk } from "../../lib/index.ts";

const context = { level: "concurrency 1", index: 0, startMs: 5, endMs: 260 };
const opened = { headersLatencyMs: 40, attempts: [{ attempt: 1, status: 200, latencyMs: 40 }] } as never;

/** The opened stream handing over `chunks`, measured as they come; the context read at its end. */
const measure = (chunks: readonly CompletionChunk[]) =>
  measureStream(
    {
      ...(opened as object),
      async *[Symbol.asyncIterator]() {
        yield* chunks;
      },
    } as never,
    () => context,
  );

/** A chunk arriving at `atMs` after `previousMs`. */
function chunk(atMs: number, previousMs: number, fields: Partial<CompletionChunk>): CompletionChunk {
  return {
    choices: [],
    chunkLatencyMs: atMs - previousMs,
    totalLatencyMs: atMs,
    isLastChunk: false,
    ...fields,
  };
}

const text = (content: string) => [{ index: 0, delta: { content } }];

describe("measureStream", () => {
  it("measures TTFT, every gap from the first token, TPOT and end-to-end latency; tokens from usage", async () => {
    const chunks = [
      chunk(50, 0, { choices: [{ index: 0, delta: { role: "assistant", content: "" } }] }),
      chunk(100, 50, { choices: text("a") }),
      chunk(120, 100, { choices: text("b") }),
      chunk(150, 120, { choices: text("c") }),
      chunk(160, 150, { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
      chunk(160, 160, {
        usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
        timings: { prompt_ms: 30, predicted_ms: 45, predicted_n: 4, predicted_per_second: 80 },
        isLastChunk: true,
      }),
    ];
    expect(await measure(chunks)).toStrictEqual({
      ...context,
      isOk: true,
      attempts: 1,
      ttftMs: 100,
      itlMs: [20, 30, 10],
      // (160 - 100) / (4 - 1)
      tpotMs: 20,
      e2eLatencyMs: 160,
      outputTokens: 4,
      tokenSource: "usage",
      promptTokens: 9,
      chunkCount: 6,
      server: { format: "llama.cpp", ttftMs: 30, tpotMs: 12.5, promptMs: 30, decodeMs: 45, outputTokens: 4 },
    });
  });

  it("counts the chunks that carried output when the server sent no usage, and says so", async () => {
    const chunks = [
      chunk(100, 0, { choices: text("a") }),
      chunk(110, 100, { choices: text("b") }),
      chunk(130, 110, {
        choices: [{ index: 0, delta: { content: "c" }, finish_reason: "stop" }],
        isLastChunk: true,
      }),
    ];
    expect(await measure(chunks)).toMatchObject({
      ttftMs: 100,
      itlMs: [10, 20],
      tpotMs: 15,
      e2eLatencyMs: 130,
      outputTokens: 3,
      tokenSource: "chunks",
    });
  });

  it("counts a stream that ended with an error chunk as a failure of its kind", async () => {
    const error = {
      kind: "timeout",
      timeout: "idle",
      timeoutMs: 50,
      message: "idle",
      retryable: true,
    } as ChatwireError;
    const chunks = [chunk(100, 0, { choices: text("a") }), chunk(150, 100, { error, isLastChunk: true })];
    expect(await measure(chunks)).toStrictEqual({
      ...context,
      isOk: false,
      errorKind: "timeout (idle)",
      errorMessage: "idle",
      attempts: 1,
      itlMs: [],
      chunkCount: 2,
    });
  });
});
