import type { Result, ResultAsync } from "neverthrow";
import { expectTypeOf, test } from "vitest";
import {
  type ChatCompletionResponse,
  type ChatCompletionStream,
  type ChatwireError,
  type ChunkDelta,
  type Client,
  type CollectedCompletion,
  type CompletionChunk,
  collectStream,
  deltaMessage,
  type StreamResultAsync,
  type StreamTiming,
} from "../../lib/index.ts";

test("chatCompletionStream returns a ResultAsync of a stream of CompletionChunks", () => {
  expectTypeOf<Client["chatCompletionStream"]>().returns.toExtend<
    ResultAsync<ChatCompletionStream, ChatwireError>
  >();
  expectTypeOf<Client["chatCompletionStream"]>().returns.toEqualTypeOf<
    StreamResultAsync<ChatCompletionStream, CompletionChunk>
  >();
  expectTypeOf<ChatCompletionStream>().toExtend<AsyncIterable<CompletionChunk>>();
});

test("the awaited result, iterated without .value, yields chunks, not Results", async () => {
  const client = {} as Client;
  const opened = await client.chatCompletionStream({} as Parameters<Client["chatCompletionStream"]>[0]);
  expectTypeOf(opened).toExtend<Result<ChatCompletionStream, ChatwireError>>();
  for await (const chunk of opened) expectTypeOf(chunk).toEqualTypeOf<CompletionChunk>();
  if (opened.isOk()) expectTypeOf(opened.value).toEqualTypeOf<ChatCompletionStream>();
});

test("a chunk carries its latency fields and an optional error; it stays read-only", () => {
  expectTypeOf<CompletionChunk["chunkLatencyMs"]>().toEqualTypeOf<number>();
  expectTypeOf<CompletionChunk["totalLatencyMs"]>().toEqualTypeOf<number>();
  expectTypeOf<CompletionChunk["isLastChunk"]>().toEqualTypeOf<boolean>();
  expectTypeOf<CompletionChunk["error"]>().toEqualTypeOf<ChatwireError | undefined>();
  const chunk = {} as CompletionChunk;
  // @ts-expect-error chunks are read-only plain data
  chunk.isLastChunk = true;
});

test("collectStream gives a response usable wherever a non-streaming one is, plus its timing", () => {
  expectTypeOf(collectStream).returns.toEqualTypeOf<ResultAsync<CollectedCompletion, ChatwireError>>();
  expectTypeOf<CollectedCompletion>().toExtend<ChatCompletionResponse>();
  expectTypeOf<CollectedCompletion["timing"]>().toEqualTypeOf<StreamTiming>();
});

test("deltaMessage reads any chunk", () => {
  expectTypeOf(deltaMessage).parameter(0).toExtend<object>();
  expectTypeOf(deltaMessage({} as CompletionChunk)).toEqualTypeOf<ChunkDelta | undefined>();
});
