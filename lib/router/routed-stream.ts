import { err, ok, type Result, type ResultAsync } from "neverthrow";
import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { stringifyJson } from "../internal/json.ts";
import type { AttemptFailure } from "./route-attempt.ts";
import { reportedTokens } from "./route-budget.ts";
import type { RoutedChunk, RoutedStream, RouteMeta, StreamReceived } from "./route-types.ts";

/** What every chatwire stream chunk has. */
export interface StreamChunkLike {
  readonly isLastChunk: boolean;
  readonly error?: ChatwireError;
}

/** What every chatwire stream has. */
export interface StreamLike<C> extends AsyncIterable<C> {
  readonly requestId?: string;
  readonly headersLatencyMs: number;
  readonly attempts: readonly AttemptRecord[];
}

/** A stream whose first content has arrived, not yet given route information. */
export type OpenedStream<C> = Omit<RoutedStream<C>, keyof RouteMeta>;

/** How many characters of content a chunk hands over; a tool-call delta without arguments counts as one. */
export type ChunkContent<C> = (chunk: C) => number;

function onceIterable<C>(iterate: () => AsyncIterator<C, undefined>, last: C): AsyncIterable<C> {
  let isIterated = false;
  return {
    [Symbol.asyncIterator]: () => {
      if (!isIterated) {
        isIterated = true;
        return iterate();
      }
      let isDone = false;
      return {
        next: () => {
          const result: IteratorResult<C, undefined> = isDone
            ? { done: true, value: undefined }
            : { done: false, value: last };
          isDone = true;
          return Promise.resolve(result);
        },
      };
    },
  };
}

/** The error chunk of a stream that failed after content: it says how much was handed over. */
function withReceived<C extends StreamChunkLike>(chunk: C, received: StreamReceived): RoutedChunk<C> {
  const error = chunk.error;
  if (error === undefined) return chunk;
  const note = `after ${received.chunks} chunk(s) and ${received.characters} character(s) were handed over; a routed stream is never replayed once content was handed over`;
  return { ...chunk, error: { ...error, message: `${error.message} (${note})` }, received };
}

/**
 * Opens a stream for a router: reads it until its first content (or tool-call delta), or its end, holding
 * those chunks back. A stream that fails before that is an attempt failure (`phase: "stream"`) that the
 * router may retry or fall back from; once content arrived, the stream is handed over: the held chunks
 * first, then the rest as it comes, never replayed. An error after that ends the stream with an error
 * chunk saying how many chunks and characters were handed over. `release` runs when the stream ends or
 * the consumer leaves it; `settle`, when given, gets the tokens a chunk's usage reports.
 */
export async function openRoutedStream<C extends StreamChunkLike>(
  opened: ResultAsync<StreamLike<C>, ChatwireError>,
  contentOf: ChunkContent<C>,
  release: () => void,
  settle?: (usedTokens: number) => void,
): Promise<Result<{ readonly value: OpenedStream<C>; readonly keepsSlot: boolean }, AttemptFailure>> {
  const stream = await opened;
  if (stream.isErr()) return err({ error: stream.error, phase: "open" });
  const source = stream.value[Symbol.asyncIterator]();
  const held: C[] = [];
  for (;;) {
    const next = await source.next();
    if (next.done === true) break;
    const chunk = next.value;
    if (chunk.error !== undefined) return err({ error: chunk.error, phase: "stream" });
    held.push(chunk);
    if (chunk.isLastChunk || contentOf(chunk) > 0) break;
  }
  let chunks = 0;
  let characters = 0;
  let isOpen = true;
  const finish = (): void => {
    if (isOpen) release();
    isOpen = false;
  };
  const hand = (chunk: C): IteratorResult<RoutedChunk<C>, undefined> => {
    if (settle !== undefined) {
      const used = reportedTokens(chunk);
      if (used !== undefined) settle(used);
    }
    if (chunk.isLastChunk) finish();
    if (chunk.error !== undefined) return { done: false, value: withReceived(chunk, { chunks, characters }) };
    chunks++;
    characters += contentOf(chunk);
    return { done: false, value: chunk };
  };
  const iterate = (): AsyncIterator<RoutedChunk<C>, undefined> => ({
    next: async () => {
      const first = held.shift();
      if (first !== undefined) return hand(first);
      if (!isOpen) return { done: true, value: undefined };
      const next = await source.next();
      if (next.done === true) {
        finish();
        return { done: true, value: undefined };
      }
      return hand(next.value);
    },
    return: async () => {
      held.length = 0;
      if (isOpen) await source.return?.();
      finish();
      return { done: true, value: undefined };
    },
  });
  const again = { isLastChunk: true, error: newInvalidRequestError("stream", "can be iterated only once") };
  const iterable = onceIterable(iterate, {
    choices: [],
    chunkLatencyMs: 0,
    totalLatencyMs: 0,
    ...again,
  } as unknown as C);
  const { requestId, headersLatencyMs, attempts } = stream.value;
  return ok({
    value: { ...(requestId === undefined ? {} : { requestId }), headersLatencyMs, attempts, ...iterable },
    keepsSlot: true,
  });
}

const textLength = (value: unknown): number => (typeof value === "string" ? value.length : 0);

/** The characters of content a chat chunk hands over: text, refusal, reasoning, tool calls. */
export function chatChunkContent(chunk: {
  readonly choices: readonly { readonly delta: Readonly<Record<string, unknown>> }[];
}): number {
  let total = 0;
  for (const { delta } of chunk.choices) {
    const { content } = delta;
    total += textLength(content) + textLength(delta.refusal);
    total += textLength(delta.reasoning_content) + textLength(delta.reasoning);
    // Parts as JSON text; parts too deeply nested to write still count as content handed over.
    if (Array.isArray(content) && content.length > 0)
      total += stringifyJson(content)
        .map((text) => text.length)
        .unwrapOr(1);
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls as readonly {
        readonly function?: { readonly arguments?: unknown };
      }[]) {
        total += Math.max(1, textLength(call?.function?.arguments));
      }
    }
  }
  return total;
}

/** The characters of text a text completion chunk hands over. */
export function textChunkContent(chunk: {
  readonly choices: readonly { readonly text?: unknown }[];
}): number {
  let total = 0;
  for (const choice of chunk.choices) total += textLength(choice.text);
  return total;
}
