import { Result } from "neverthrow";

/**
 * Runs telemetry work that calls into the user's OpenTelemetry SDK (span processors, exporters, views):
 * whatever it throws stays there, so that a broken pipeline never breaks a call, which never throws.
 * `undefined` when it threw.
 */
export function guarded<T>(work: () => T): T | undefined {
  return Result.fromThrowable(work, () => undefined)().unwrapOr(undefined);
}

/**
 * {@link guarded} for the per-chunk path: the same promise (the user's pipeline never breaks a stream),
 * without a `Result` allocated per chunk.
 */
export function guardedStep<A, B>(step: (first: A, second: B) => void): (first: A, second: B) => void {
  return (first, second) => {
    // The one catch on the per-chunk path: what the user's SDK or exporter throws stays in telemetry.
    try {
      step(first, second);
    } catch {
      // Nothing to report to: a telemetry failure must not become a stream failure.
    }
  };
}
