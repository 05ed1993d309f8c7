import { describe, expect, test } from "vitest";
import {
  type ChatCompletionStream,
  type CollectedCompletion,
  type CompletionChunk,
  collectStream,
  type RequestOption,
  withN,
} from "../../lib/index.ts";
import { rawChoices, rawChunks, rawErrorEvent, rawEvents, rawLastUsage } from "./support/raw-fixture.ts";
import {
  drain,
  fixtureBytes,
  fixtureNames,
  openOk,
  replyWithStream,
  splitRandomly,
  testClient,
} from "./support/replay.ts";

const seeds = [11, 29, 47] as const;
const decoder = new TextDecoder();

const optionsFor = (name: string): RequestOption[] => (name.includes("n3-") ? [withN(3)] : []);

/** A stream over chunks already read, so one replay gives both the chunks and the collected response. */
function overChunks(stream: ChatCompletionStream, chunks: readonly CompletionChunk[]): ChatCompletionStream {
  return {
    headersLatencyMs: stream.headersLatencyMs,
    attempts: stream.attempts,
    async *[Symbol.asyncIterator]() {
      yield* chunks;
    },
  };
}

interface Replay {
  readonly chunks: CompletionChunk[];
  readonly collected: Awaited<ReturnType<typeof collectStream>>;
}

async function replay(name: string, pieces: readonly Uint8Array[]): Promise<Replay> {
  const { scope } = replyWithStream(pieces);
  const stream = await openOk(testClient(), ...optionsFor(name));
  const chunks = await drain(stream);
  scope.done();
  return { chunks, collected: await collectStream(overChunks(stream, chunks)) };
}

const wireOf = ({ chunkLatencyMs, totalLatencyMs, isLastChunk, ...wire }: CompletionChunk) => wire;

/** The parts of a collected choice that the raw fixture can tell independently. */
function summary(choice: CollectedCompletion["choices"][number]) {
  const { message } = choice;
  return {
    content: Array.isArray(message.content) ? "(parts)" : message.content,
    refusal: message.refusal,
    reasoningContent: message.reasoning_content,
    reasoning: message.reasoning,
    finishReason: choice.finish_reason,
    toolCalls: (message.tool_calls ?? []).map((call) => ({
      name: call.function.name,
      arguments: call.function.arguments,
    })),
  };
}

const cache = new Map<string, Replay>();
async function wholeReplay(name: string): Promise<Replay> {
  const cached = cache.get(name) ?? (await replay(name, [fixtureBytes(name)]));
  cache.set(name, cached);
  return cached;
}

describe.each(fixtureNames())("replaying %s", (name) => {
  const text = decoder.decode(fixtureBytes(name));
  const events = rawEvents(text);
  const expectedChunks = rawChunks(events);
  const errorEvent = rawErrorEvent(events);

  test("split at random byte offsets, it gives the same chunks and response as whole", async () => {
    const whole = await wholeReplay(name);
    for (const seed of seeds) {
      const split = await replay(name, splitRandomly(fixtureBytes(name), seed, 40));
      expect(split).toStrictEqual(whole);
    }
  });

  test("the chunks are the fixture's chunks, and exactly the last one is marked last", async () => {
    const { chunks } = await wholeReplay(name);
    expect(chunks.slice(0, expectedChunks.length).map(wireOf)).toStrictEqual(expectedChunks);
    expect(chunks.length).toBe(expectedChunks.length + (errorEvent === undefined ? 0 : 1));
    expect(chunks.map((chunk) => chunk.isLastChunk)).toStrictEqual(
      chunks.map((_, i) => i === chunks.length - 1),
    );
    expect(chunks.map((chunk) => chunk.error !== undefined)).toStrictEqual(
      chunks.map((_, i) => errorEvent !== undefined && i === chunks.length - 1),
    );
  });

  if (errorEvent !== undefined) {
    test("the server's error ends the stream as one http error chunk, and collecting fails with it", async () => {
      const { chunks, collected } = await wholeReplay(name);
      const last = chunks.at(-1);
      expect(last).toStrictEqual({
        choices: [],
        chunkLatencyMs: 0,
        totalLatencyMs: 0,
        isLastChunk: true,
        error: expect.objectContaining({ kind: "http", body: errorEvent.data, retryable: false }),
      });
      expect(collected._unsafeUnwrapErr()).toStrictEqual(last?.error);
    });
    return;
  }

  test("the collected response adds up what the fixture holds", async () => {
    const { collected } = await wholeReplay(name);
    const response = collected._unsafeUnwrap();
    const sums = rawChoices(expectedChunks);
    expect(response.choices.map((choice) => choice.index)).toStrictEqual([...sums.keys()].sort());
    for (const choice of response.choices) {
      const sum = sums.get(choice.index)!;
      expect(summary(choice)).toStrictEqual({
        content: name.includes("thinking-content-array") ? "(parts)" : sum.content,
        refusal: sum.refusal,
        reasoningContent: sum.reasoningContent,
        reasoning: sum.reasoning,
        finishReason: sum.finishReason,
        toolCalls: [...sum.toolCalls.values()],
      });
      for (const call of choice.message.tool_calls ?? [])
        expect(() => JSON.parse(call.function.arguments)).not.toThrow();
    }
    expect(response.usage).toStrictEqual(rawLastUsage(expectedChunks));
    expect(response.timing.chunkCount).toBe(expectedChunks.length);
  });
});
