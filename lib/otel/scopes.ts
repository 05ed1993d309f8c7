import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { Result } from "neverthrow";
import type { CallObserver, ObservedScope, ObservedToolCall, ScopeStart } from "../client/call-observer.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { definedOnly } from "../internal/defined-only.ts";
import type { ToolCall } from "../messages/messages.ts";
import { guarded } from "./guarded.ts";
import { errorType, finishReasons, responseAttributes } from "./response-attributes.ts";
import { addRouteAttempts, type Chunkish, endWithStream } from "./route-scope.ts";
import type { CallTarget, Telemetry } from "./telemetry.ts";
import { startToolSpan } from "./tool-span.ts";

type Loose = { readonly [field: string]: unknown };

/** The attributes of a scope's successful outcome: the answer of a tool run, the route of a routed call. */
function outcomeAttributes(kind: ScopeStart["kind"], value: Loose): Attributes {
  if (kind === "route") {
    const route = (value.route ?? {}) as Loose;
    return {
      "chatwire.route.provider": route.provider,
      "chatwire.route.model": route.model,
      "chatwire.route.endpoint": route.endpoint,
      "chatwire.route.attempt_count": Array.isArray(value.routeAttempts)
        ? value.routeAttempts.length
        : undefined,
    };
  }
  const response = (value.response ?? {}) as Loose;
  const choices = Array.isArray(response.choices) ? (response.choices as readonly Loose[]) : [];
  return {
    ...responseAttributes({
      id: response.id,
      model: response.model,
      finishReasons: finishReasons(choices),
      usage: response.usage as Loose | undefined,
    }),
    "chatwire.tool_run.step_count": Array.isArray(value.steps) ? value.steps.length : undefined,
  };
}

/** Ends a scope's span: cancelled (`undefined`), failed, or with its outcome's attributes. */
function endScopeSpan(
  span: Span,
  kind: ScopeStart["kind"],
  outcome: Result<unknown, ChatwireError> | undefined,
): void {
  if (outcome === undefined) {
    span.setAttribute("chatwire.cancelled", true);
  } else if (outcome.isErr()) {
    span.setAttribute("error.type", errorType(outcome.error));
    addRouteAttempts(span, (outcome.error as unknown as Loose).routeAttempts);
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
  } else {
    const value = outcome.value as Loose;
    span.setAttributes(definedOnly<Attributes>(outcomeAttributes(kind, value)));
    addRouteAttempts(span, value.routeAttempts);
  }
  span.end();
}

/** Opens the span of a tool run (`invoke_agent`) or a routed call (`route {model}`), INTERNAL both. */
function openScope(
  telemetry: Telemetry,
  target: CallTarget,
  start: ScopeStart,
  parent: Context | undefined,
): ObservedScope {
  const parentContext = parent ?? context.active();
  const isRun = start.kind === "tool_run";
  const attributes: Attributes = isRun
    ? {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.provider.name": target.providerName,
        "gen_ai.request.model": start.model,
      }
    : {
        "chatwire.route.requested_model": start.model,
        "chatwire.route.fallback_models": [...(start.fallbackModels ?? [])],
      };
  const span = telemetry.tracer.startSpan(
    isRun ? "invoke_agent" : `route ${start.model}`,
    { kind: SpanKind.INTERNAL, attributes: definedOnly<Attributes>(attributes) },
    parentContext,
  );
  const scopeContext = trace.setSpan(parentContext, span);
  let isEnded = false;
  const end = <T, E extends ChatwireError>(outcome: Result<T, E> | undefined): Result<T, E> | undefined => {
    if (isEnded) return outcome;
    isEnded = true;
    const value = outcome?.isOk() === true ? (outcome.value as unknown) : undefined;
    if (
      outcome !== undefined &&
      typeof value === "object" &&
      value !== null &&
      Symbol.asyncIterator in value
    ) {
      // A routed stream: its route is known now, its end later.
      guarded(() =>
        span.setAttributes(definedOnly<Attributes>(outcomeAttributes(start.kind, value as Loose))),
      );
      guarded(() => addRouteAttempts(span, (value as Loose).routeAttempts));
      const wrapped = endWithStream(value as AsyncIterable<Chunkish>, (error, isCancelled) => {
        if (isCancelled) span.setAttribute("chatwire.cancelled", true);
        if (error !== undefined) {
          span.setAttribute("error.type", errorType(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        }
        span.end();
      });
      return outcome.map(() => wrapped as T);
    }
    guarded(() => endScopeSpan(span, start.kind, outcome));
    return outcome;
  };
  const startToolCall = (call: ToolCall): ObservedToolCall => startToolSpan(telemetry, scopeContext, call);
  return { parent: scopeContext, startToolCall, end };
}

/** The scope of a run whose span could not start (a broken tracer): nothing observed, nothing broken. */
const unobserved: ObservedScope = {
  parent: context.active(),
  startToolCall: () => ({ within: (run) => run(), end: () => undefined }),
  end: (outcome) => outcome,
};

/** The hook `runTools`, `runToolsStream` and the router find on a client built with `withTelemetry`. */
export function newCallObserver(
  telemetry: Telemetry,
  target: CallTarget,
  childOf: (parent: Context) => object,
): CallObserver {
  return {
    openScope: (start, parent) =>
      guarded(() => openScope(telemetry, target, start, parent as Context | undefined)) ?? unobserved,
    childOf: (parent) => childOf(parent as Context),
  };
}
