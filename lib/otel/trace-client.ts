import type { Context } from "@opentelemetry/api";
import { type CallObserver, callObserverKey } from "../client/call-observer.ts";
import type { Client } from "../client/client.ts";
import type { ClientConfig } from "../client/client-config.ts";
import {
  type ChoiceCollector,
  type ChoiceFold,
  type CollectableChoice,
  newChoiceCollector,
} from "../streaming/collect-chunks.ts";
import { textChoiceFold } from "../streaming/collect-completion-stream.ts";
import { chatChoiceFold } from "../streaming/collect-stream.ts";
import { chatInputMessages, type OutputChoice, textInputMessages } from "./content.ts";
import { newCallStart } from "./request-attributes.ts";
import { newCallObserver } from "./scopes.ts";
import { type CallTarget, callTarget, type Telemetry } from "./telemetry.ts";
import { tracedCall } from "./traced-call.ts";
import { tracedStream } from "./traced-stream.ts";

type Body = { readonly model: string; readonly [field: string]: unknown };

/**
 * The collector of a stream's output for `gen_ai.output.messages`: the choices folded as `collectStream`
 * folds them. The span hands it every chunk's choices, which are of the fold's kind.
 */
function outputCollector<Choice extends CollectableChoice, Draft>(
  fold: ChoiceFold<Choice, Draft, OutputChoice>,
): ChoiceCollector<unknown, OutputChoice> {
  return newChoiceCollector(fold) as ChoiceCollector<unknown, OutputChoice>;
}

/** A request's body as the client will send it: with its default model, when it has one. */
function sentBody(target: CallTarget, request: { readonly body: Body }): Body {
  return (target.completeRequest === undefined ? request : target.completeRequest(request)).body;
}

/**
 * Wraps every method of a client in its span and metrics (`withTelemetry` registers it). The wrapped
 * client carries a {@link CallObserver}, so that `runTools` and the router put their own spans around it.
 */
export function traceClient(inner: Client, config: ClientConfig, telemetry: Telemetry): Client {
  const target = callTarget(config);
  const capture = telemetry.captureContent;
  const build = (parent: Context | undefined): Client => {
    const client: Client & { readonly [callObserverKey]: CallObserver } = {
      chatCompletion: (request, options) => {
        const body = sentBody(target, request);
        return tracedCall(
          telemetry,
          target,
          // A request marked for streaming is streamed under the hood and collected.
          newCallStart("chat", target, body, request.body.stream === true),
          parent,
          capture ? () => chatInputMessages(request.body.messages) : undefined,
          () => inner.chatCompletion(request, options),
        );
      },
      chatCompletionStream: (request, options) => {
        const body = sentBody(target, request);
        return tracedStream(
          telemetry,
          target,
          newCallStart("chat", target, body, true),
          parent,
          capture ? () => chatInputMessages(request.body.messages) : undefined,
          capture ? () => outputCollector(chatChoiceFold) : undefined,
          () => inner.chatCompletionStream(request, options),
        );
      },
      completion: (request, options) => {
        const body = sentBody(target, request);
        return tracedCall(
          telemetry,
          target,
          newCallStart("text_completion", target, body, request.body.stream === true),
          parent,
          capture ? () => textInputMessages(request.body.prompt) : undefined,
          () => inner.completion(request, options),
        );
      },
      completionStream: (request, options) => {
        const body = sentBody(target, request);
        return tracedStream(
          telemetry,
          target,
          newCallStart("text_completion", target, body, true),
          parent,
          capture ? () => textInputMessages(request.body.prompt) : undefined,
          capture ? () => outputCollector(textChoiceFold) : undefined,
          () => inner.completionStream(request, options),
        );
      },
      listModels: (options) =>
        tracedCall(
          telemetry,
          target,
          newCallStart("list_models", target, undefined, false),
          parent,
          undefined,
          () => inner.listModels(options),
        ),
      [callObserverKey]: newCallObserver(telemetry, target, build),
    };
    return client;
  };
  return build(undefined);
}
