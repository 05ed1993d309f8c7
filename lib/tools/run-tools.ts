import { err, type Result, ResultAsync } from "neverthrow";
import type { Client } from "../client/client.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError } from "../errors/new-errors.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { FunctionTool } from "../request/wire-types.ts";
import { endToolRun, observeToolRun } from "./observe-tool-run.ts";
import type { ToolHandlers } from "./run-tool-calls.ts";
import {
  nextStepRequest,
  planToolRun,
  type RunToolsOptions,
  type ToolRun,
  type ToolRunPlan,
  type ToolRunState,
  takeAnswer,
} from "./tool-run.ts";

async function run(
  client: Pick<Client, "chatCompletion">,
  request: ChatCompletionRequest,
  plan: ToolRunPlan,
): Promise<Result<ToolRun, ChatwireError>> {
  const { signal } = plan;
  const state: ToolRunState = { messages: [...request.body.messages], steps: [] };
  for (;;) {
    if (signal?.aborted) return err(newAbortedError());
    const stepRequest = nextStepRequest(request, state.messages, plan, state.steps.length > 0);
    const answered = await client.chatCompletion(stepRequest, signal === undefined ? {} : { signal });
    if (answered.isErr()) return err(answered.error);
    const taken = await takeAnswer(answered.value, state, plan);
    if (taken.done !== undefined) return taken.done;
  }
}

/**
 * Lets the model call tools until it answers: sends the request, runs the handler of every tool call
 * (the calls of one answer concurrently) with arguments parsed and checked by the tool's schema, sends
 * back the assistant message and one tool message per call, and repeats until an answer has no tool
 * calls. A handler that returns `Err`, throws or rejects, a call to an unknown tool, or arguments that do
 * not match become a tool message `Error: …` for the model, never a crash. Never throws, never rejects.
 *
 * Ends with `Err` of kind `output`, reason `max_steps`, when the model still asks for tools at the
 * `maxSteps`-th call (those calls are not run): a run that does not converge is a failure of the model's
 * output, not of the request. Any failed model call ends the run with its error.
 *
 * @param handlers one per tool, keyed by tool name, called as `(args, toolCall, { signal })`. Given `options.tools` (made
 *   by `newFunctionTool`), each handler's `args` has its tool's type and a handler per tool is required;
 *   without, `args` is `unknown` (still checked at run time by the request's tools' schemas).
 * @example
 * ```ts
 * const getWeather = newFunctionTool({ name: "get_weather", parameters: v.object({ city: v.string() }) });
 * const request = newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Weather in Paris?")], withTools([getWeather]));
 * const run = await runTools(client, request, { get_weather: ({ city }) => ({ city, celsius: 21 }) }, { tools: [getWeather] });
 * run.match((done) => console.log(assistantText(done.response)), (error) => console.error(error.message));
 * ```
 */
export function runTools<const Tools extends readonly FunctionTool[]>(
  client: Pick<Client, "chatCompletion">,
  request: ChatCompletionRequest,
  handlers: ToolHandlers<Tools>,
  options: RunToolsOptions<Tools> & { readonly tools: Tools },
): ResultAsync<ToolRun, ChatwireError>;
export function runTools(
  client: Pick<Client, "chatCompletion">,
  request: ChatCompletionRequest,
  handlers: ToolHandlers,
  options?: RunToolsOptions & { readonly tools?: undefined },
): ResultAsync<ToolRun, ChatwireError>;
export function runTools(
  client: Pick<Client, "chatCompletion">,
  request: ChatCompletionRequest,
  handlers: ToolHandlers,
  options: RunToolsOptions = {},
): ResultAsync<ToolRun, ChatwireError> {
  const plan = planToolRun(request, handlers, options);
  if (plan.isErr()) return new ResultAsync(Promise.resolve(err(plan.error)));
  const { client: observedClient, plan: observedPlan, scope } = observeToolRun(client, request, plan.value);
  const ran = run(observedClient, request, observedPlan);
  return new ResultAsync(scope === undefined ? ran : ran.then((outcome) => endToolRun(scope, outcome)));
}
