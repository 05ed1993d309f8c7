import { Result } from "neverthrow";

/**
 * Runs telemetry work that calls into the user's OpenTelemetry SDK (span processors, exporters, views):
 * whatever it throws stays there, so that a broken pipeline never breaks a call, which never throws.
 * `undefined` when it threw.
 */
export function guarded<T>(work: () => T): T | undefined {
  return Result.fromThrowable(work, () => undefined)().unwrapOr(undefined);
}
