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
import type { CallTarget, Telemetry } from "./telemetry.ts";

type Loose = { readonly [field: string]: unknown };

interface RouteAttemptLike {
  readonly provider: string;
  readonly model: string;
  readonly endpoint: string;
  readonly latencyMs: number;
  readonly error?: ChatwireError;
}

/** One `chatwire.route.attempt` event per attempt of a routed call: where it went, how long, how it failed. */
function addRouteAttempts(span: Span, attempts: unknown): void {
  if (!Array.isArray(attempts)) return;
  for (const [index, attempt] of (attempts as readonly RouteAttemptLike[]).entries()) {
    span.addEvent(
      "chatwire.route.attempt",
      definedOnly<Attributes>({
        "chatwire.route.attempt.index": index,
        "chatwire.route.provider": attempt.provider,
        "chatwire.route.model": attempt.model,
        "chatwire.route.endpoint": attempt.endpoint,
        "chatwire.route.attempt.latency_ms": attempt.latencyMs,
        "error.type": attempt.error === undefined ? undefined : errorType(attempt.error),
      }),
    );
  }
}

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

type Chunkish = { readonly isLastChunk?: boolean; readonly error?: ChatwireError };

/** A routed stream whose scope ends when the stream does: its last chunk, or the caller leaving early. */
function endWithStream<S extends AsyncIterable<Chunkish>>(
  stream: S,
  end: (error: ChatwireError | undefined, isCancelled: boolean) => void,
): S {
  let isEnded = false;
  const finish = (error: ChatwireError | undefined, isCancelled: boolean): void => {
    if (isEnded) return;
    isEnded = true;
    guarded(() => end(error, isCancelled));
  };
  return {
    ...stream,
    [Symbol.asyncIterator]: (): AsyncIterator<Chunkish> => {
      const source = stream[Symbol.asyncIterator]();
      return {
        next: () =>
          source.next().then((step) => {
            if (step.done === true) finish(undefined, false);
            else if (step.value.isLastChunk === true || step.value.error !== undefined)
              finish(step.value.error, false);
            return step;
          }),
        return: (value?: unknown) =>
          (source.return === undefined
            ? Promise.resolve({ done: true as const, value: undefined })
            : source.return(value)
          ).finally(() => finish(undefined, true)),
      };
    },
  };
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

/** Starts the `execute_tool {name}` span of one tool call, a child of its run. */
function startToolSpan(telemetry: Telemetry, parent: Context, call: ToolCall): ObservedToolCall {
  const { name } = call.function;
  const span = telemetry.tracer.startSpan(
    `execute_tool ${name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: definedOnly<Attributes>({
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": name,
        "gen_ai.tool.call.id": call.id,
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.arguments": telemetry.captureContent ? call.function.arguments : undefined,
      }),
    },
    parent,
  );
  const toolContext = trace.setSpan(parent, span);
  return {
    within: (run) => context.with(toolContext, run),
    end: ({ isError, content }) =>
      guarded(() => {
        if (isError) {
          span.setAttribute("error.type", "tool_error");
          // The tool message may quote the handler's exception: content, recorded only when captured.
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: telemetry.captureContent ? content : "the tool call failed",
          });
        } else if (telemetry.captureContent) {
          span.setAttribute("gen_ai.tool.call.result", content);
        }
        span.end();
      }),
  };
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
