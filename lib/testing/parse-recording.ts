import { err, ok, type Result } from "neverthrow";
import * as v from "valibot";
import { parseJson } from "../internal/json.ts";
import { isBase64 } from "./base64.ts";
import { newRecordingError, type RecordingError } from "./recording-error.ts";
import { recordingFormat, type TimedRecording } from "./recording-types.ts";

const millisecondsSchema = v.pipe(v.number(), v.finite(), v.minValue(0));
const headersSchema = v.record(
  v.pipe(v.string(), v.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "is not a valid header name")),
  v.pipe(v.string(), v.regex(/^[^\r\n\0]*$/, "must not contain CR, LF or NUL")),
);

// Loose objects: a later version of the format (or a hand-written note) may add fields; they are kept.
const recordingSchema: v.GenericSchema<unknown, TimedRecording> = v.looseObject({
  format: v.literal(recordingFormat),
  recordedAt: v.string(),
  server: v.string(),
  exchanges: v.array(
    v.looseObject({
      request: v.looseObject({
        method: v.pipe(v.string(), v.nonEmpty()),
        path: v.pipe(v.string(), v.startsWith("/")),
        headers: headersSchema,
        body: v.string(),
      }),
      response: v.looseObject({
        // What `new Response` accepts: a replay must be able to build it.
        status: v.pipe(v.number(), v.integer(), v.minValue(200), v.maxValue(599)),
        headersAtMs: millisecondsSchema,
        headers: headersSchema,
        chunks: v.array(
          v.looseObject({
            atMs: millisecondsSchema,
            base64: v.pipe(v.string(), v.check(isBase64, "is not base64")),
          }),
        ),
        body: v.string(),
        error: v.exactOptional(v.string()),
      }),
    }),
  ),
});

/**
 * Checks that a value (a parsed JSON file, an imported JSON module) is a `timed-http-recording/1`
 * recording; a mismatch is a `bad_format` error naming the first field at fault.
 *
 * @example
 * ```ts
 * import data from "./recordings/02-streaming-chat.json" with { type: "json" };
 * const recording = parseRecording(data); // Result<TimedRecording, RecordingError>
 * ```
 */
export function parseRecording(value: unknown, path?: string): Result<TimedRecording, RecordingError> {
  const parsed = v.safeParse(recordingSchema, value, { abortEarly: true });
  if (parsed.success) return ok(parsed.output);
  const issue = parsed.issues[0];
  const field = (issue.path ?? []).map((item) => String(item.key)).join(".");
  const where = path === undefined ? "the recording" : `the recording ${path}`;
  const at = field === "" ? "" : ` at ${field}`;
  return err(
    newRecordingError("bad_format", `${where} is not ${recordingFormat}${at}: ${issue.message}`, {
      path,
      field: field === "" ? undefined : field,
    }),
  );
}

/** Parses the text of a recording file: JSON first, then the format. */
export function parseRecordingText(text: string, path?: string): Result<TimedRecording, RecordingError> {
  const json = parseJson(text);
  if (json.isErr()) {
    const where = path === undefined ? "the recording" : `the recording ${path}`;
    return err(newRecordingError("not_json", `${where} is not JSON: ${json.error.message}`, { path }));
  }
  return parseRecording(json.value, path);
}
