import type { Attributes, Span } from "@opentelemetry/api";
import type { AttemptRecord } from "../errors/attempt-record.ts";
import { definedOnly } from "../internal/defined-only.ts";

/**
 * Adds one `chatwire.attempt` event per attempt (its status or error kind and duration), and one
 * `chatwire.retry_wait` event per wait before a retry (its length and source: `retry-after` or
 * `backoff`), each stamped where it happened: the span's start plus chatwire's own offsets.
 */
export function addAttemptEvents(span: Span, attempts: readonly AttemptRecord[], startEpochMs: number): void {
  let atMs = 0;
  for (const [index, attempt] of attempts.entries()) {
    span.addEvent(
      "chatwire.attempt",
      definedOnly<Attributes>({
        "chatwire.attempt.index": index,
        "http.response.status_code": attempt.status,
        "error.type":
          attempt.status !== undefined && attempt.status >= 400 ? String(attempt.status) : attempt.errorKind,
        "chatwire.attempt.duration_ms": attempt.durationMs,
      }),
      startEpochMs + atMs,
    );
    atMs += attempt.durationMs;
    if (attempt.waitMs > 0) {
      span.addEvent(
        "chatwire.retry_wait",
        definedOnly<Attributes>({
          "chatwire.attempt.index": index,
          "chatwire.retry_wait.duration_ms": attempt.waitMs,
          "chatwire.retry_wait.source": attempt.waitSource,
        }),
        startEpochMs + atMs,
      );
    }
    atMs += attempt.waitMs;
  }
}
