import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ResultAsync } from "neverthrow";
import { describeThrown } from "../internal/describe-value.ts";
import { parseRecordingText } from "./parse-recording.ts";
import { newRecordingError, type RecordingError } from "./recording-error.ts";
import type { TimedRecording } from "./recording-types.ts";

/**
 * Reads a `timed-http-recording/1` file (Node only: it uses `node:fs/promises`). Never rejects: a missing
 * file is an `unreadable` error, bad JSON `not_json`, a file of another shape `bad_format`.
 *
 * @example
 * ```ts
 * const recording = await loadRecording("spec/fixtures/recordings/llama-server/02-streaming-chat.json");
 * if (recording.isOk()) console.log(recording.value.exchanges.length);
 * ```
 */
export function loadRecording(path: string): ResultAsync<TimedRecording, RecordingError> {
  return ResultAsync.fromPromise(readFile(path, "utf8"), (error) =>
    newRecordingError("unreadable", `could not read the recording ${path}: ${describeThrown(error)}`, {
      path,
    }),
  ).andThen((text) => parseRecordingText(text, path));
}

/**
 * Writes the text of a recording file, creating its folder. The text goes to a temporary file first and
 * is then renamed, so a reader never sees half a file. Node only. Never rejects.
 */
export function writeRecordingText(path: string, text: string): ResultAsync<void, RecordingError> {
  const partial = `${path}.partial`;
  const write = async (): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(partial, text, "utf8");
    await rename(partial, path);
  };
  return ResultAsync.fromPromise(write(), (error) =>
    newRecordingError("unwritable", `could not write the recording ${path}: ${describeThrown(error)}`, {
      path,
    }),
  );
}

/** Serialises a recording as a readable JSON file: two-space indents, one field a line. */
export function recordingText(recording: TimedRecording): string {
  return `${JSON.stringify(recording, null, 2)}\n`;
}
