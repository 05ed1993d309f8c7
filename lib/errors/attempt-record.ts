/** What chatwire measured about one attempt of a call. */
export interface AttemptRecord {
  /** The HTTP status, when the attempt got a response. */
  readonly status?: number;
  /** The error kind, when the attempt failed. */
  readonly errorKind?: string;
  /** From the attempt's start to its response headers or failure, in milliseconds. */
  readonly durationMs: number;
  /** The wait before the next attempt, in milliseconds (0 for the last one). */
  readonly waitMs: number;
  /** Where that wait came from. */
  readonly waitSource?: "retry-after" | "backoff";
}
