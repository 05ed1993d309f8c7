/** Why a recording could not be read or written. */
export type RecordingErrorReason = "unreadable" | "unwritable" | "not_json" | "bad_format";

/**
 * A recording file could not be used: a plain, serialisable object, like chatwire's own errors.
 * Hint: switch on `reason`.
 */
export interface RecordingError {
  readonly kind: "recording";
  readonly reason: RecordingErrorReason;
  /** A sentence naming the file and what is wrong with it. */
  readonly message: string;
  /** The file, when there is one. */
  readonly path?: string;
  /** The dotted path of the first field that does not fit the format (`exchanges.0.response.status`). */
  readonly field?: string;
}

/** Creates a {@link RecordingError}. */
export function newRecordingError(
  reason: RecordingErrorReason,
  message: string,
  where: { readonly path?: string | undefined; readonly field?: string | undefined } = {},
): RecordingError {
  return {
    kind: "recording",
    reason,
    message,
    ...(where.path === undefined ? {} : { path: where.path }),
    ...(where.field === undefined ? {} : { field: where.field }),
  };
}
