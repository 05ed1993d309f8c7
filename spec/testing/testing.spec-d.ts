import type { ResultAsync } from "neverthrow";
import { expectTypeOf } from "vitest";
import {
  type ClientOption,
  type Clock,
  type FetchFunction,
  newChatCompletionRequest,
  newClient,
  withClock,
  withFetch,
} from "../../lib/index.ts";
import {
  newVirtualScheduler,
  type RecordingError,
  type RecordingSummary,
  recordTraffic,
  replayTraffic,
  type TimedRecording,
} from "../../lib/testing/index.ts";

declare const recording: TimedRecording;

// A recorder is a client option with a flush that resolves to a Result.
expectTypeOf(recordTraffic("recordings/a.json")).toExtend<ClientOption>();
expectTypeOf(recordTraffic("recordings/a.json").flush).returns.toEqualTypeOf<
  ResultAsync<RecordingSummary, RecordingError>
>();
newClient(recordTraffic("recordings/a.json"));

// A replay is a fetch for withFetch, from a recording or a file path.
expectTypeOf(replayTraffic(recording)).toEqualTypeOf<FetchFunction>();
expectTypeOf(replayTraffic("recordings/a.json", { speed: 0 })).toEqualTypeOf<FetchFunction>();
const time = newVirtualScheduler();
expectTypeOf(time.now).toExtend<Clock>();
newClient(withClock(time.now), withFetch(replayTraffic(recording, { speed: 1, scheduler: time })));

// A recorder is a client option, not a request option.
// @ts-expect-error a client option is not a request option
newChatCompletionRequest("m", [], recordTraffic("recordings/a.json"));
