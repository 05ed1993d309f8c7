import { err, ok, type Result } from "neverthrow";
import type { ObservedToolCall } from "../client/call-observer.ts";
import { callProblem } from "../client/call-problem.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError, newInvalidRequestError, newOutputError } from "../errors/new-errors.ts";
import { numberProblem } from "../errors/number-problem.ts";
import { type Clock, callerClock } from "../internal/clock.ts";
import type { ChatMessage, ToolCall } from "../messages/messages.ts";
import { assistantMessage } from "../messages/readers.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { FunctionTool } from "../request/wire-types.ts";
import type { ChatCompletionResponse } from "../timing/response-meta.ts";
import {
  relaxedToolChoice,
  runToolCall,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
  toAssistantMessage,
  toWireToolCall,
} from "./run-tool-calls.ts";

/** Settings of `runTools` and `runToolsStream`. */
export interface RunToolsOptions<Tools extends readonly FunctionTool[] = readonly FunctionTool[]> {
  /**
   * The tools, made by `newFunctionTool`: they type the handlers' arguments and check them. The request
   * must still offer them (`withTools`). @default the request's tools
   */
  readonly tools?: Tools;
  /** The most model calls made; a model still asking for tools at the last one is an error. @default 10 */
  readonly maxSteps?: number;
  /**
   * Aborts the run: the model call under way, or the wait for handlers (which get the signal to stop their
   * own work). The result is then an `aborted` error.
   */
  readonly signal?: AbortSignal;
  /**
   * Whether a forced tool choice (`required`, `any`, a named function) becomes `auto` once tools have run,
   * so that the model can answer; otherwise it would be forced to call tools until `maxSteps`. @default true
   */
  readonly resetToolChoice?: boolean;
  /** The monotonic clock (milliseconds) timing the handlers. @default `performance.now` */
  readonly clock?: Clock;
}

/** One model call of a tool run and the tools it asked for. */
export interface ToolRunStep {
  /** The model's answer at this step. */
  readonly response: ChatCompletionResponse;
  /** The model call, from its start to its parsed answer, in milliseconds (the response's `latencyMs`). */
  readonly latencyMs: number;
  /** From the start of this step's handlers (run concurrently) to the end of the last, in milliseconds; 0 when none ran. */
  readonly toolsLatencyMs: number;
  /** What each tool call of this step gave, in the order of the calls; empty on the last step. */
  readonly toolResults: readonly ToolResult[];
}

/** The outcome of a tool run. */
export interface ToolRun {
  /** The model's final answer, the one without tool calls. */
  readonly response: ChatCompletionResponse;
  /**
   * The whole conversation: the request's messages, then for each step the assistant message and the
   * tool messages answering its calls, and last the final assistant message. Send it on to continue.
   */
  readonly messages: readonly ChatMessage[];
  readonly steps: readonly ToolRunStep[];
}

/** The checked settings of a run, shared with the streaming variant. */
export interface ToolRunPlan {
  readonly tools: readonly FunctionTool[];
  readonly handlers: Readonly<Record<string, ToolHandler | undefined>>;
  readonly maxSteps: number;
  readonly resetToolChoice: boolean;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  /** Observes each tool call: a span, with `chatwire/otel`. */
  readonly observeTool?: (call: ToolCall) => ObservedToolCall;
}

/** Checks a run's settings before any network call. */
export function planToolRun(
  request: ChatCompletionRequest,
  handlers: unknown,
  options: RunToolsOptions,
): Result<ToolRunPlan, ChatwireError> {
  const callFault = callProblem(request, options, "newChatCompletionRequest");
  if (callFault !== undefined) return err(callFault);
  if (typeof handlers !== "object" || handlers === null) {
    return err(newInvalidRequestError("handlers", "must be an object of handlers keyed by tool name"));
  }
  if (options.clock !== undefined && typeof options.clock !== "function")
    return err(newInvalidRequestError("clock", "must be a function"));
  const maxSteps = options.maxSteps ?? 10;
  const stepsProblem = numberProblem("maxSteps", maxSteps, "size");
  if (stepsProblem !== undefined) return err(stepsProblem);
  return ok({
    tools: options.tools ?? request.body.tools ?? [],
    handlers: handlers as Readonly<Record<string, ToolHandler | undefined>>,
    maxSteps,
    resetToolChoice: options.resetToolChoice ?? true,
    clock: callerClock(options.clock),
    signal: options.signal,
  });
}

/** The request of the next step: the conversation so far, and a relaxed tool choice once tools ran. */
export function nextStepRequest(
  request: ChatCompletionRequest,
  messages: readonly ChatMessage[],
  plan: ToolRunPlan,
  toolsRan: boolean,
): ChatCompletionRequest {
  const choice =
    toolsRan && plan.resetToolChoice ? relaxedToolChoice(request.body.tool_choice) : request.body.tool_choice;
  const body = { ...request.body, messages };
  return { ...request, body: choice === undefined ? body : { ...body, tool_choice: choice } };
}

/** Resolves when the signal fires; `dispose` removes the listener. */
function whenAborted(signal: AbortSignal | undefined): {
  readonly fired: Promise<"aborted">;
  readonly dispose: () => void;
} {
  if (signal === undefined) return { fired: new Promise(() => undefined), dispose: () => undefined };
  let onAbort = (): void => undefined;
  const fired = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    if (signal.aborted) resolve("aborted");
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return { fired, dispose: () => signal.removeEventListener("abort", onAbort) };
}

/** Runs one tool call, observed when the run is. */
function runObservedToolCall(call: ToolCall, plan: ToolRunPlan, context: ToolContext): Promise<ToolResult> {
  const observed = plan.observeTool?.(call);
  const run = (): Promise<ToolResult> => runToolCall(call, plan.tools, plan.handlers, context);
  if (observed === undefined) return run();
  return observed.within(run).then((result) => {
    observed.end({ isError: result.isError, content: result.message.content });
    return result;
  });
}

/**
 * Runs every tool call of an answer concurrently; the results keep the calls' order. Stops waiting when
 * the run's signal fires (the handlers got it, to stop their own work): `undefined` then.
 */
export async function runStepTools(
  calls: readonly {
    readonly id: string;
    readonly function: { readonly name: string; readonly arguments: string };
  }[],
  plan: ToolRunPlan,
): Promise<{ readonly results: readonly ToolResult[]; readonly toolsLatencyMs: number } | undefined> {
  const startMs = plan.clock();
  const context: ToolContext = { signal: plan.signal };
  const abort = whenAborted(plan.signal);
  const results = await Promise.race([
    Promise.all(calls.map((call) => runObservedToolCall(toWireToolCall(call), plan, context))),
    abort.fired,
  ]);
  abort.dispose();
  return results === "aborted" ? undefined : { results, toolsLatencyMs: plan.clock() - startMs };
}

/** The error of a run whose model still asks for tools at its last allowed step. */
export function maxStepsError(maxSteps: number): ChatwireError {
  return newOutputError(
    "max_steps",
    `the model still asked for tools after ${maxSteps} model calls (maxSteps); its last tool calls were not run`,
  );
}

/** A run in progress: the conversation and the steps so far. */
export interface ToolRunState {
  readonly messages: ChatMessage[];
  readonly steps: ToolRunStep[];
}

/**
 * Takes the answer of a step: ends the run when it has no tool calls (or at `maxSteps`), else runs its
 * tools and appends the assistant message and the tool messages. Shared by both variants of the loop.
 */
export async function takeAnswer(
  response: ChatCompletionResponse,
  state: ToolRunState,
  plan: ToolRunPlan,
): Promise<
  | { readonly done: Result<ToolRun, ChatwireError> }
  | { readonly done?: undefined; readonly results: readonly ToolResult[] }
> {
  const message = assistantMessage(response);
  const calls = message?.tool_calls ?? [];
  if (message !== undefined) state.messages.push(toAssistantMessage(message));
  if (calls.length === 0) {
    state.steps.push({ response, latencyMs: response.latencyMs, toolsLatencyMs: 0, toolResults: [] });
    return { done: ok({ response, messages: state.messages, steps: state.steps }) };
  }
  if (state.steps.length + 1 >= plan.maxSteps) return { done: err(maxStepsError(plan.maxSteps)) };
  const ran = await runStepTools(calls, plan);
  if (ran === undefined) return { done: err(newAbortedError()) };
  const { results, toolsLatencyMs } = ran;
  state.messages.push(...results.map((result) => result.message));
  state.steps.push({ response, latencyMs: response.latencyMs, toolsLatencyMs, toolResults: results });
  return { results };
}
