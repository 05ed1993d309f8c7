/**
 * chatwire/otel: OpenTelemetry spans and metrics for chatwire clients, per the GenAI semantic conventions.
 * Only a program that imports this subpath loads @opentelemetry/api.
 * @module chatwire/otel
 */

export type { TelemetryOptions } from "./telemetry.ts";
export { withTelemetry } from "./with-telemetry.ts";
