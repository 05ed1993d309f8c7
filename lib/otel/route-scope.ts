import type { Attributes, Span } from "@opentelemetry/api";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { definedOnly } from "../internal/defined-only.ts";
import { errorType } from "./response-attributes.ts";
import { type StreamWatch, watchStream } from "./watch-stream.ts";

interface RouteAttemptLike {
  readonly provider: string;
  readonly model: string;
  readonly endpoint: string;
  readonly latencyMs: number;
  readonly error?: ChatwireError;
}

/** One `chatwire.route.attempt` event per attempt of a routed call: where it went, how long, how it failed. */
export function addRouteAttempts(span: Span, attempts: unknown): void {
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

export type Chunkish = { readonly isLastChunk?: boolean; readonly error?: ChatwireError };

type RouteEnd = (error: ChatwireError | undefined, isCancelled: boolean) => void;

interface RouteWatch extends StreamWatch {
  readonly end: RouteEnd;
}

function onRouteStep(watch: RouteWatch, step: IteratorResult<Chunkish>): void {
  if (step.done === true) endRoute(watch, undefined, false);
  else if (step.value.isLastChunk === true || step.value.error !== undefined)
    endRoute(watch, step.value.error, false);
}

function endRoute(watch: RouteWatch, error: ChatwireError | undefined, isCancelled: boolean): void {
  watch.isEnded = true;
  watch.end(error, isCancelled);
}

/** A routed stream whose scope ends when the stream does: its last chunk, or the caller leaving early. */
export function endWithStream<S extends AsyncIterable<Chunkish>>(stream: S, end: RouteEnd): S {
  const watch: RouteWatch = { isEnded: false, end };
  return watchStream(stream, watch, onRouteStep, (left) => endRoute(left, undefined, true));
}
