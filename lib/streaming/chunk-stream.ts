import { type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError } from "../errors/new-errors.ts";
import type { Clock } from "../internal/clock.ts";
import { JsonFailure, parseJson, parseJsonOrFailure } from "../internal/json.ts";
import type { ChunkChoice } from "../schema/chunk-schema.ts";
import { chunkSchema } from "../schema/chunk-schema.ts";
import { shapeIssue, type WireSchema } from "../schema/shape-issue.ts";
import {
  abortGuard,
  type CallGuard,
  disposeGuard,
  guardFailure,
  pauseGuard,
  resumeGuard,
} from "../transport/call-guard.ts";
import type { HttpReply } from "../transport/http-reply.ts";
import { withoutSecrets } from "../transport/redact-error.ts";
import { toTransportError } from "../transport/transport-error.ts";
import type { CompletionChunk } from "./chunk-types.ts";
import { newSseDecoder } from "./sse-decoder.ts";
import {
  newChunkNotJsonError,
  newChunkShapeError,
  newEventTooLargeError,
  newNotSseError,
  newStreamServerError,
  newTruncatedError,
  type StreamCall,
} from "./stream-errors.ts";

/** Everything the chunk iterator reads from: an open response body and how to time and guard it. */
export interface ChunkSource {
  /** The response, held for as long as the source (see {@link HttpReply.owner}). */
  readonly reply: HttpReply;
  readonly guard: CallGuard;
  readonly clock: Clock;
  /** When the call started, on `clock`. */
  readonly startedAtMs: number;
  readonly maxEventBytes: number;
  /** How many choices the request asked for (`n`, default 1): the stream is complete once each finished. */
  readonly expectedChoices: number;
  readonly call: StreamCall;
  /**
   * The schema that checks (and completes) each parsed chunk; `chunkSchema` (chat chunks) unless set. Text
   * completion streams (`/v1/completions`) pass `textChunkSchema`, the rest of the machinery being the same.
   */
  readonly schema?: WireSchema<object> | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ReadOutcome = {
  readonly result: Result<ReadableStreamReadResult<Uint8Array>, ChatwireError>;
  readonly arrivalMs: number;
};

const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };
const openBracket = 91;

/**
 * Turns an open SSE response body into an iterator of chunks: decodes events, checks and stamps each
 * chunk, holds back the tail that arrives once every choice finished so that `isLastChunk` lands on the
 * real last chunk, and ends every failure with one error chunk. One read is kept in flight while the
 * consumer handles chunks, so arrival times do not include the consumer's time.
 */
export function newChunkIterator(source: ChunkSource): AsyncIterator<CompletionChunk, undefined> {
  const { guard, clock, startedAtMs, expectedChoices, call } = source;
  const schema = source.schema ?? chunkSchema;
  const reader = source.reply.body;
  const decoder = newSseDecoder(source.maxEventBytes);
  const what = `reading the stream of ${call.method} ${call.url}`;
  const finishedChoices = new Set<number>();
  let ready: Mutable<CompletionChunk>[] = [];
  let head = 0;
  let held: Mutable<CompletionChunk> | undefined;
  let isOpen = true;
  let pendingRead: PromiseLike<ReadOutcome> | undefined;
  let running: Promise<IteratorResult<CompletionChunk, undefined>> | undefined;
  let arrivalMs = startedAtMs;
  let previousArrivalMs = startedAtMs;
  let chunkNumber = 0;

  // The idle watch runs only while a read waits on the server: the time a consumer keeps a chunk (no read
  // in flight) is not the server's silence. Only event data is activity: after a read of comments or
  // keep-alive bytes alone, the silence before it keeps counting. Two guard clock reads per read; a timer only
  // when the last one ran out during a pause.
  const startRead = (isActivity: boolean): PromiseLike<ReadOutcome> => {
    resumeGuard(guard, isActivity);
    return ResultAsync.fromPromise(reader.read(), (error) =>
      toTransportError(error, guard, what, call.secrets),
    ).then((result) => {
      pauseGuard(guard);
      return { result, arrivalMs: clock() };
    });
  };

  function close(error: ChatwireError | undefined): void {
    isOpen = false;
    pendingRead = undefined;
    if (error === undefined) disposeGuard(guard);
    else abortGuard(guard, error);
    void reader.cancel();
  }

  function endChunk(atMs: number, error: ChatwireError | undefined): Mutable<CompletionChunk> {
    const chunk: Mutable<CompletionChunk> = {
      choices: [],
      chunkLatencyMs: atMs - previousArrivalMs,
      totalLatencyMs: atMs - startedAtMs,
      isLastChunk: true,
    };
    if (error !== undefined) chunk.error = error;
    return chunk;
  }

  function fail(error: ChatwireError, atMs: number = arrivalMs): void {
    if (held !== undefined) ready.push(held);
    held = undefined;
    // As for every non-streaming error: the key may sit anywhere, the URL's path included.
    ready.push(endChunk(atMs, withoutSecrets(error, call.secrets)));
    close(error);
  }

  function complete(): void {
    if (held === undefined) ready.push(endChunk(arrivalMs, undefined));
    else {
      held.isLastChunk = true;
      ready.push(held);
      held = undefined;
    }
    close(undefined);
  }

  function accept(chunk: Mutable<CompletionChunk>): void {
    chunk.chunkLatencyMs = arrivalMs - previousArrivalMs;
    chunk.totalLatencyMs = arrivalMs - startedAtMs;
    chunk.isLastChunk = false;
    previousArrivalMs = arrivalMs;
    if (held !== undefined) ready.push(held);
    held = undefined;
    // An indexed loop: a for-of here allocated an iterator per chunk (~150 bytes, a tenth of a chunk's garbage).
    for (let i = 0; i < chunk.choices.length; i++) {
      const choice = chunk.choices[i] as ChunkChoice;
      if (choice.finish_reason !== undefined && choice.finish_reason !== null)
        finishedChoices.add(choice.index);
    }
    if (finishedChoices.size >= expectedChoices) held = chunk;
    else ready.push(chunk);
  }

  function onEvent(type: string, data: string, isUnterminated: boolean): boolean {
    if (type === "error") {
      fail(newStreamServerError(call, data, parseJson(data).unwrapOr(undefined)));
      return false;
    }
    if (type !== "message") return true;
    if (data.charCodeAt(0) === openBracket && data.trim() === "[DONE]") {
      complete();
      return false;
    }
    chunkNumber++;
    const parsed = parseJsonOrFailure(data);
    if (parsed instanceof JsonFailure) {
      // The input ended before this event's blank line: data that is not JSON was cut, not malformed.
      fail(
        isUnterminated
          ? newTruncatedError(finishedChoices.size, expectedChoices)
          : newChunkNotJsonError(call, chunkNumber, data, parsed.failure.message),
      );
      return false;
    }
    const value = parsed as { error?: unknown } | null;
    if (typeof value === "object" && value !== null && value.error !== undefined && value.error !== null) {
      fail(newStreamServerError(call, data, value));
      return false;
    }
    const issue = shapeIssue(schema, value);
    if (issue !== undefined) {
      fail(newChunkShapeError(call, chunkNumber, issue, data));
      return false;
    }
    accept(value as Mutable<CompletionChunk>);
    return true;
  }

  function onEnd(): void {
    const status = decoder.end(onEvent);
    if (!isOpen) return;
    const stray = decoder.strayLine();
    if (status === "too_large") fail(newEventTooLargeError(source.maxEventBytes));
    else if (finishedChoices.size >= expectedChoices) complete();
    else if (decoder.eventCount() === 0 && stray !== undefined) fail(newNotSseError(call, stray));
    else fail(newTruncatedError(finishedChoices.size, expectedChoices));
  }

  function take(): IteratorResult<CompletionChunk, undefined> {
    if (head === ready.length) return finished;
    const chunk = ready[head++] as CompletionChunk;
    if (head === ready.length) {
      ready = [];
      head = 0;
    }
    return { done: false, value: chunk };
  }

  async function pump(): Promise<IteratorResult<CompletionChunk, undefined>> {
    while (head === ready.length && isOpen) {
      const outcome = await (pendingRead ?? startRead(true));
      pendingRead = undefined;
      if (!isOpen) break;
      arrivalMs = outcome.arrivalMs;
      if (outcome.result.isErr()) {
        fail(outcome.result.error);
        break;
      }
      const { done, value } = outcome.result.value;
      if (done) onEnd();
      else if (decoder.feed(value, onEvent) === "too_large")
        fail(newEventTooLargeError(source.maxEventBytes));
      if (isOpen) pendingRead = startRead(decoder.hadData());
    }
    running = undefined;
    return take();
  }

  function next(): Promise<IteratorResult<CompletionChunk, undefined>> {
    if (running !== undefined) return running.then(next);
    // The caller's abort stops the stream at once: chunks already read are dropped.
    const failure = guardFailure(guard);
    if (isOpen && failure?.kind === "aborted") {
      ready = [];
      head = 0;
      held = undefined;
      fail(failure, clock());
    }
    if (head < ready.length || !isOpen) return Promise.resolve(take());
    running = pump();
    return running;
  }

  return {
    next,
    return: (): Promise<IteratorResult<CompletionChunk, undefined>> => {
      if (isOpen) close(newAbortedError());
      ready = [];
      head = 0;
      held = undefined;
      return Promise.resolve(finished);
    },
  };
}
