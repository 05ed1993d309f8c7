/**
 * chatwire/testing: record real HTTP traffic with its timing and replay it. Node only (files are read and
 * written with node:fs/promises); never part of the main bundle.
 * @module chatwire/testing
 */

export { parseRecording } from "./parse-recording.ts";
export type { RecordingSummary, RecordOptions, TrafficRecorder } from "./record-traffic.ts";
export { recordTraffic } from "./record-traffic.ts";
export type { RecordingError, RecordingErrorReason } from "./recording-error.ts";
export { loadRecording } from "./recording-file.ts";
export type {
  RecordedChunk,
  RecordedExchange,
  RecordedRequest,
  RecordedResponse,
  TimedRecording,
} from "./recording-types.ts";
export { recordingFormat } from "./recording-types.ts";
export type { ReplayScheduler } from "./replay-scheduler.ts";
export { newVirtualScheduler } from "./replay-scheduler.ts";
export type { ReplayOptions } from "./replay-traffic.ts";
export { replayErrorStatus, replayTraffic } from "./replay-traffic.ts";
