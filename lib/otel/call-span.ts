import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { definedOnly } from "../internal/defined-only.ts";
import { addAttemptEvents } from "./attempt-events.ts";
import type { CallStart } from "./request-attributes.ts";
import { errorAttempts, errorType, type TokenCounts } from "./response-attributes.ts";
import type { CallTarget, Telemetry } from "./telemetry.ts";

/** A call in progress: its span, the context its children get, and when it started on both clocks. */
export interface ActiveCall {
  readonly telemetry: Telemetry;
  readonly target: CallTarget;
  readonly start: CallStart;
  readonly span: Span;
  readonly context: Context;
  /** On the client's clock, in milliseconds. */
  readonly startedAtMs: number;
  /** The span's start as epoch milliseconds, for stamping events at chatwire's own offsets. */
  readonly startEpochMs: number;
}

/** Starts a call's CLIENT span, a child of `parent` (else of the active context). */
export function startCall(
  telemetry: Telemetry,
  target: CallTarget,
  start: CallStart,
  parent: Context | undefined,
): ActiveCall {
  const parentContext = parent ?? context.active();
  const startEpochMs = performance.timeOrigin + performance.now();
  const span = telemetry.tracer.startSpan(
    start.spanName,
    {
      kind: SpanKind.CLIENT,
      attributes: definedOnly<Attributes>(start.spanAttributes),
      startTime: startEpochMs,
    },
    parentContext,
  );
  return {
    telemetry,
    target,
    start,
    span,
    context: trace.setSpan(parentContext, span),
    startedAtMs: target.clock(),
    startEpochMs,
  };
}

/** Records the operation's duration, in seconds, with the call's metric attributes plus `extra`. */
export function recordDuration(call: ActiveCall, durationMs: number, extra: Attributes): void {
  call.telemetry.duration.record(
    durationMs / 1000,
    definedOnly<Attributes>({ ...call.start.metricAttributes, ...extra }),
  );
}

/** Records the input and output token counts a server reported, when it did. */
export function recordTokens(call: ActiveCall, tokens: TokenCounts, extra: Attributes): void {
  const attributes = { ...call.start.metricAttributes, ...extra };
  if (tokens.input !== undefined) {
    call.telemetry.tokenUsage.record(
      tokens.input,
      definedOnly<Attributes>({ ...attributes, "gen_ai.token.type": "input" }),
    );
  }
  if (tokens.output !== undefined) {
    call.telemetry.tokenUsage.record(
      tokens.output,
      definedOnly<Attributes>({ ...attributes, "gen_ai.token.type": "output" }),
    );
  }
}

/** Ends a call that failed: `error.type`, the ERROR status with chatwire's message, its attempts, its duration. */
export function failCall(
  call: ActiveCall,
  error: ChatwireError,
  attempts: readonly AttemptRecord[] = errorAttempts(error),
  durationMs: number = call.target.clock() - call.startedAtMs,
): void {
  const type = errorType(error);
  const { span } = call;
  span.setAttribute("error.type", type);
  if (attempts.length > 0) span.setAttribute("chatwire.attempt_count", attempts.length);
  addAttemptEvents(span, attempts, call.startEpochMs);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  recordDuration(call, durationMs, { "error.type": type });
  span.end();
}
