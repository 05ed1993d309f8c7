import type { Attributes, Span } from "@opentelemetry/api";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { definedOnly } from "../internal/defined-only.ts";
import { guarded } from "./guarded.ts";
import { errorType } from "./response-attributes.ts";

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

/** A routed stream whose scope ends when the stream does: its last chunk, or the caller leaving early. */
export function endWithStream<S extends AsyncIterable<Chunkish>>(
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
