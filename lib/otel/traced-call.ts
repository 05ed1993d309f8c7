import type { Attributes } from "@opentelemetry/api";
import { type Context, context } from "@opentelemetry/api";
import type { ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { definedOnly } from "../internal/defined-only.ts";
import type { ResponseMeta } from "../timing/response-meta.ts";
import { addAttemptEvents } from "./attempt-events.ts";
import { type ActiveCall, failCall, recordDuration, recordTokens, startCall } from "./call-span.ts";
import { type OutputChoice, outputMessages } from "./content.ts";
import { guarded } from "./guarded.ts";
import type { CallStart } from "./request-attributes.ts";
import { finishReasons, responseAttributes, timingAttributes, tokenCounts } from "./response-attributes.ts";
import type { CallTarget, Telemetry } from "./telemetry.ts";

/** A non-streaming answer as the span reads it: chatwire's figures, and the body when there is one. */
type Answer = ResponseMeta & {
  readonly id?: unknown;
  readonly model?: unknown;
  readonly choices?: readonly OutputChoice[];
  readonly usage?: { readonly [field: string]: unknown } | null;
};

/** Ends a call that answered: response attributes, chatwire's figures, its attempts, duration and tokens. */
function answerCall(call: ActiveCall, answer: Answer): void {
  const { span } = call;
  const choices = answer.choices ?? [];
  const summary = {
    id: answer.id,
    model: answer.model,
    finishReasons: finishReasons(choices),
    usage: answer.usage,
  };
  const attributes = definedOnly<Attributes>({
    ...responseAttributes(summary),
    ...timingAttributes(answer.timing, answer.requestId),
  });
  span.setAttributes(attributes);
  if (call.telemetry.captureContent && answer.choices !== undefined) {
    span.setAttribute("gen_ai.output.messages", outputMessages(choices));
  }
  addAttemptEvents(span, answer.attempts, call.startEpochMs);
  const extra = { "gen_ai.response.model": attributes["gen_ai.response.model"] };
  recordDuration(call, answer.latencyMs, extra);
  recordTokens(call, tokenCounts(answer.usage), extra);
  span.end();
}

/**
 * Runs a non-streaming call inside its span: the span starts before the call does, its children (an
 * instrumented HTTP client's spans) see it as their parent, and it ends with the call's outcome.
 */
export function tracedCall<T extends Answer>(
  telemetry: Telemetry,
  target: CallTarget,
  start: CallStart,
  parent: Context | undefined,
  input: (() => string) | undefined,
  invoke: () => ResultAsync<T, ChatwireError>,
): ResultAsync<T, ChatwireError> {
  const call = guarded(() => startCall(telemetry, target, start, parent));
  if (call === undefined) return invoke();
  if (input !== undefined) guarded(() => call.span.setAttribute("gen_ai.input.messages", input()));
  return context
    .with(call.context, invoke)
    .map((answer) => {
      guarded(() => answerCall(call, answer));
      return answer;
    })
    .mapErr((error) => {
      guarded(() => failCall(call, error));
      return error;
    });
}
