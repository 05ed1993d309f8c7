import type { Result } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { ToolCall } from "../messages/messages.ts";

/**
 * Internal: the key under which a client built with `withTelemetry` (`chatwire/otel`) carries its
 * {@link CallObserver}. A plain client has nothing there, and `runTools` and the router then add nothing.
 */
export const callObserverKey: unique symbol = Symbol.for("chatwire.callObserver");

/** Internal: what a scope above the client is: a tool run or a routed call, and the model it asked for. */
export interface ScopeStart {
  readonly kind: "tool_run" | "route";
  /** The request's model: for a route, `provider/model` as the request named it. */
  readonly model: string;
  /** A routed request's fallback models, in order. */
  readonly fallbackModels?: readonly string[];
}

/** Internal: how one tool call ended: the tool message's text, and whether it reports a failure. */
export interface ToolCallEnd {
  readonly isError: boolean;
  readonly content: string;
}

/** Internal: one tool call being observed. */
export interface ObservedToolCall {
  /** Runs the tool's handler inside the call's span, so that spans the handler makes are its children. */
  readonly within: <T>(run: () => T) => T;
  /** Ends the observation with how the call ended. */
  readonly end: (end: ToolCallEnd) => void;
}

/** Internal: a scope in progress (with `chatwire/otel`, a span). Ending it twice does nothing. */
export interface ObservedScope {
  /** Where the scope's children attach; opaque to chatwire's core (an OpenTelemetry context). */
  readonly parent: object;
  /** Starts observing one tool call of the scope. */
  readonly startToolCall: (call: ToolCall) => ObservedToolCall;
  /**
   * Ends the scope with its outcome, `undefined` when the caller stopped early. A streamed value comes
   * back wrapped, so that the scope ends when the stream does.
   */
  readonly end: <T, E extends ChatwireError>(outcome: Result<T, E> | undefined) => Result<T, E> | undefined;
}

/** Internal: the hook `runTools`, `runToolsStream` and the router call on a client that carries one. */
export interface CallObserver {
  /** Opens a scope, a child of `parent` when given (the scope of a tool run around a routed call). */
  readonly openScope: (start: ScopeStart, parent?: object) => ObservedScope;
  /** The same client (or router), its calls observed as children of `parent`. */
  readonly childOf: (parent: object) => object;
}

/** The observer a client carries, if it was built with one. */
export function callObserverOf(client: object): CallObserver | undefined {
  // Optional: a JavaScript caller may hand a router or a tool run `undefined` for a client.
  return (client as { readonly [callObserverKey]?: CallObserver } | undefined)?.[callObserverKey];
}

/** The client to call inside a scope: its calls observed as the scope's children when it has an observer. */
export function inScope<C extends object>(client: C, scope: ObservedScope): C {
  return (callObserverOf(client)?.childOf(scope.parent) as C | undefined) ?? client;
}
