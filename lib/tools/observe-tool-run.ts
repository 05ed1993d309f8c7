import type { Result } from "neverthrow";
import { callObserverOf, inScope, type ObservedScope } from "../client/call-observer.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { ToolRunPlan } from "./tool-run.ts";

/** A tool run as observed: the client to call, the plan that observes tool calls, and the scope to end. */
export interface ObservedRun<C> {
  readonly client: C;
  readonly plan: ToolRunPlan;
  readonly scope: ObservedScope | undefined;
}

/**
 * Opens the scope of a tool run when the client carries an observer (`withTelemetry`): the run's model
 * calls and tool calls then become its children. Without one, the client and plan come back as they are.
 */
export function observeToolRun<C extends object>(
  client: C,
  request: ChatCompletionRequest,
  plan: ToolRunPlan,
): ObservedRun<C> {
  const observer = callObserverOf(client);
  if (observer === undefined) return { client, plan, scope: undefined };
  const scope = observer.openScope({ kind: "tool_run", model: request.body.model });
  return { client: inScope(client, scope), plan: { ...plan, observeTool: scope.startToolCall }, scope };
}

/** Ends a run's scope with the run's outcome, which it may wrap (a routed stream's end). */
export function endToolRun<T>(
  scope: ObservedScope,
  outcome: Result<T, ChatwireError>,
): Result<T, ChatwireError> {
  return scope.end(outcome) ?? outcome;
}
