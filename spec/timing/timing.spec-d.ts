import { expectTypeOf, test } from "vitest";
import type {
  CallTiming,
  ChatCompletionResponse,
  ChatCompletionStream,
  CollectedCompletion,
  CompletionChunk,
  ModelList,
  ServerTiming,
  ServerTimingFormat,
  StreamTiming,
  TimingBreakdown,
} from "../../lib/index.ts";
import { serverTiming, streamTiming } from "../../lib/index.ts";

test("every non-streaming response has a CallTiming, without chunk fields", () => {
  expectTypeOf<ChatCompletionResponse["timing"]>().toEqualTypeOf<CallTiming>();
  expectTypeOf<ModelList["timing"]>().toEqualTypeOf<CallTiming>();
  expectTypeOf<CallTiming>().not.toHaveProperty("chunkCount");
  expectTypeOf<CallTiming>().not.toHaveProperty("timeToFirstTokenMs");
  expectTypeOf<CallTiming["server"]>().toEqualTypeOf<ServerTiming | undefined>();
  expectTypeOf<CallTiming["breakdown"]>().toEqualTypeOf<TimingBreakdown | undefined>();
});

test("a collected stream's timing is a StreamTiming, usable wherever a CallTiming is", () => {
  expectTypeOf<CollectedCompletion["timing"]>().toEqualTypeOf<StreamTiming>();
  expectTypeOf<StreamTiming>().toExtend<CallTiming>();
  expectTypeOf<StreamTiming["chunkCount"]>().toEqualTypeOf<number>();
  expectTypeOf<StreamTiming["timeToFirstTokenMs"]>().toEqualTypeOf<number | undefined>();
});

test("the readers take plain data and give plain data", () => {
  expectTypeOf(serverTiming).parameter(0).toEqualTypeOf<object>();
  expectTypeOf(serverTiming).returns.toEqualTypeOf<ServerTiming | undefined>();
  expectTypeOf(streamTiming).toBeCallableWith({} as ChatCompletionStream, [] as CompletionChunk[]);
  expectTypeOf(streamTiming).returns.toEqualTypeOf<StreamTiming>();
  expectTypeOf<ServerTiming["format"]>().toEqualTypeOf<ServerTimingFormat>();
  const timing = {} as CallTiming;
  // @ts-expect-error timings are read-only plain data
  timing.totalLatencyMs = 1;
});
