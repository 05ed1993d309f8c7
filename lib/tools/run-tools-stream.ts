import { err, ok, type Result } from "neverthrow";
import type { ObservedScope } from "../client/call-observer.ts";
import type { Client } from "../client/client.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError } from "../errors/new-errors.ts";
import { replayChunks } from "../output/replay-chunks.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { FunctionTool } from "../request/wire-types.ts";
import type { CompletionChunk } from "../streaming/chunk-types.ts";
import { collectStream } from "../streaming/collect-stream.ts";
import { endToolRun, observeToolRun } from "./observe-tool-run.ts";
import type { ToolHandlers, ToolResult } from "./run-tool-calls.ts";
import {
  nextStepRequest,
  planToolRun,
  type RunToolsOptions,
  type ToolRun,
  type ToolRunPlan,
  type ToolRunState,
  takeAnswer,
} from "./tool-run.ts";

/** A chunk of the model's answer at some step (1 for the first model call). */
export interface ToolRunChunkEvent {
  readonly type: "chunk";
  readonly step: number;
  readonly chunk: CompletionChunk;
}

/** The tool results of a step, once every handler of its answer has finished. */
export interface ToolRunResultsEvent {
  readonly type: "tool_results";
  readonly step: number;
  readonly results: readonly ToolResult[];
}

/** The end of the run: what `runTools` would have returned. Always the last event. */
export interface ToolRunDoneEvent {
  readonly type: "done";
  readonly result: Result<ToolRun, ChatwireError>;
}

/** What {@link runToolsStream} yields. */
export type ToolRunEvent = ToolRunChunkEvent | ToolRunResultsEvent | ToolRunDoneEvent;

async function* runEvents(
  client: Pick<Client, "chatCompletionStream">,
  request: ChatCompletionRequest,
  plan: Result<ToolRunPlan, ChatwireError>,
): AsyncGenerator<ToolRunEvent, undefined, undefined> {
  if (plan.isErr()) {
    yield { type: "done", result: err(plan.error) };
    return undefined;
  }
  const { signal } = plan.value;
  const state: ToolRunState = { messages: [...request.body.messages], steps: [] };
  for (let step = 1; ; step++) {
    if (signal?.aborted) {
      yield { type: "done", result: err(newAbortedError()) };
      return undefined;
    }
    const stepRequest = nextStepRequest(request, state.messages, plan.value, step > 1);
    const opened = await client.chatCompletionStream(stepRequest, signal === undefined ? {} : { signal });
    if (opened.isErr()) {
      yield { type: "done", result: err(opened.error) };
      return undefined;
    }
    const chunks: CompletionChunk[] = [];
    for await (const chunk of opened.value) {
      chunks.push(chunk);
      yield { type: "chunk", step, chunk };
    }
    const collected = await collectStream(replayChunks(opened.value, chunks));
    if (collected.isErr()) {
      yield { type: "done", result: err(collected.error) };
      return undefined;
    }
    const taken = await takeAnswer(collected.value, state, plan.value);
    if (taken.done !== undefined) {
      yield { type: "done", result: taken.done };
      return undefined;
    }
    yield { type: "tool_results", step, results: taken.results };
  }
}

/** Ends the run's scope on its `done` event, or when the caller leaves the loop before it. */
async function* endWithRun(
  events: AsyncGenerator<ToolRunEvent, undefined, undefined>,
  scope: ObservedScope,
): AsyncGenerator<ToolRunEvent, undefined, undefined> {
  let isDone = false;
  try {
    for await (const event of events) {
      if (event.type === "done") {
        isDone = true;
        endToolRun(scope, event.result);
      }
      yield event;
    }
  } finally {
    if (!isDone) scope.end(undefined);
  }
  return undefined;
}

/**
 * The streaming variant of `runTools`: the same loop, each model call streamed. Yields every chunk of
 * every step as it arrives, the tool results of each step once its handlers have finished, and last one
 * `done` event with exactly what `runTools` returns (each step's response assembled by `collectStream`,
 * its `latencyMs` running to the last chunk). Never throws; leaving the loop early cancels the current
 * model call and runs no further step.
 * @example
 * ```ts
 * for await (const event of runToolsStream(client, request, { get_weather: ({ city }) => lookup(city) }, { tools: [getWeather] })) {
 *   if (event.type === "chunk") process.stdout.write(String(deltaMessage(event.chunk)?.content ?? ""));
 *   else if (event.type === "done") event.result.match((run) => save(run.messages), (error) => console.error(error.message));
 * }
 * ```
 */
export function runToolsStream<const Tools extends readonly FunctionTool[]>(
  client: Pick<Client, "chatCompletionStream">,
  request: ChatCompletionRequest,
  handlers: ToolHandlers<Tools>,
  options: RunToolsOptions<Tools> & { readonly tools: Tools },
): AsyncIterable<ToolRunEvent>;
export function runToolsStream(
  client: Pick<Client, "chatCompletionStream">,
  request: ChatCompletionRequest,
  handlers: ToolHandlers,
  options?: RunToolsOptions & { readonly tools?: undefined },
): AsyncIterable<ToolRunEvent>;
export function runToolsStream(
  client: Pick<Client, "chatCompletionStream">,
  request: ChatCompletionRequest,
  handlers: ToolHandlers,
  options: RunToolsOptions = {},
): AsyncIterable<ToolRunEvent> {
  return {
    [Symbol.asyncIterator]: () => {
      const plan = planToolRun(request, handlers, options);
      if (plan.isErr()) return runEvents(client, request, plan);
      const observed = observeToolRun(client, request, plan.value);
      const events = runEvents(observed.client, request, ok(observed.plan));
      return observed.scope === undefined ? events : endWithRun(events, observed.scope);
    },
  };
}
