import { err, ok, type Result } from "neverthrow";
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
import { endSse, feedSse, newSseDecoder, type SseDecoder } from "./sse-decoder.ts";
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
type ReadResult = Result<ReadableStreamReadResult<Uint8Array>, ChatwireError>;
type Step = IteratorResult<CompletionChunk, undefined>;

/** The state of one chunk iterator, in one object that the steps below take. */
interface ChunkReading {
  readonly source: ChunkSource;
  readonly schema: WireSchema<object>;
  readonly decoder: SseDecoder;
  /**
   * The indexes of the choices that finished, each counted once however often it finishes; made when the
   * first finishes, so that a stream still going holds none.
   */
  finishedChoices: Set<number> | undefined;
  ready: Mutable<CompletionChunk>[];
  head: number;
  held: Mutable<CompletionChunk> | undefined;
  isOpen: boolean;
  pendingRead: Promise<ReadResult> | undefined;
  /** Settles a read that brought bytes or the end (made once per iterator, not once per read). */
  readonly onRead: (value: ReadableStreamReadResult<Uint8Array>) => ReadResult;
  /** Settles a read that failed: the one place a failed read becomes a `ChatwireError`. */
  readonly onReadFailure: (error: unknown) => ReadResult;
  /** Handles a settled read once the consumer asked for a chunk (see {@link pump}). */
  readonly onReadSettled: (result: ReadResult) => void;
  /** Resolves the promise `running` holds. */
  deliver: ((step: Step) => void) | undefined;
  running: Promise<Step> | undefined;
  /** When the last read settled, on the source's clock: the arrival of the chunks it brought. */
  arrivalMs: number;
  previousArrivalMs: number;
  chunkNumber: number;
}

const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };
const openBracket = 91;

/**
 * Turns an open SSE response body into an iterator of chunks: decodes events, checks and stamps each
 * chunk, holds back the tail that arrives once every choice finished so that `isLastChunk` lands on the
 * real last chunk, and ends every failure with one error chunk. One read is kept in flight while the
 * consumer handles chunks, so arrival times do not include the consumer's time.
 */
export function newChunkIterator(source: ChunkSource): AsyncIterator<CompletionChunk, undefined> {
  const reading: ChunkReading = {
    source,
    schema: source.schema ?? chunkSchema,
    decoder: newSseDecoder(source.maxEventBytes),
    finishedChoices: undefined,
    ready: [],
    head: 0,
    held: undefined,
    isOpen: true,
    pendingRead: undefined,
    onRead: (value) => settleRead(reading, ok(value)),
    onReadFailure: (error) => {
      const { guard, call } = source;
      const what = `reading the stream of ${call.method} ${call.url}`;
      return settleRead(reading, err(toTransportError(error, guard, what, call.secrets)));
    },
    onReadSettled: (result) => afterRead(reading, result),
    deliver: undefined,
    running: undefined,
    arrivalMs: source.startedAtMs,
    previousArrivalMs: source.startedAtMs,
    chunkNumber: 0,
  };
  return {
    next: () => next(reading),
    return: (): Promise<Step> => {
      if (reading.isOpen) close(reading, newAbortedError());
      dropReady(reading);
      return Promise.resolve(finished);
    },
  };
}

// The idle watch runs only while a read waits on the server: the time a consumer keeps a chunk (no read
// in flight) is not the server's silence. Only event data is activity: after a read of comments or
// keep-alive bytes alone, the silence before it keeps counting. Two guard clock reads per read; a timer only
// when the last one ran out during a pause.
//
// A read settles through two callbacks made once per iterator rather than `ResultAsync.fromPromise` and a
// `then` per read: while a stream waits on its server, that chain held about 560 bytes more (issue 14).
function startRead(r: ChunkReading, isActivity: boolean): Promise<ReadResult> {
  resumeGuard(r.source.guard, isActivity);
  return r.source.reply.body.read().then(r.onRead, r.onReadFailure);
}

function settleRead(r: ChunkReading, result: ReadResult): ReadResult {
  pauseGuard(r.source.guard);
  r.arrivalMs = r.source.clock();
  return result;
}

function close(r: ChunkReading, error: ChatwireError | undefined): void {
  r.isOpen = false;
  r.pendingRead = undefined;
  if (error === undefined) disposeGuard(r.source.guard);
  else abortGuard(r.source.guard, error);
  void r.source.reply.body.cancel();
}

function dropReady(r: ChunkReading): void {
  r.ready = [];
  r.head = 0;
  r.held = undefined;
}

function endChunk(r: ChunkReading, atMs: number, error: ChatwireError | undefined): Mutable<CompletionChunk> {
  const chunk: Mutable<CompletionChunk> = {
    choices: [],
    chunkLatencyMs: atMs - r.previousArrivalMs,
    totalLatencyMs: atMs - r.source.startedAtMs,
    isLastChunk: true,
  };
  if (error !== undefined) chunk.error = error;
  return chunk;
}

function fail(r: ChunkReading, error: ChatwireError, atMs: number = r.arrivalMs): void {
  if (r.held !== undefined) r.ready.push(r.held);
  r.held = undefined;
  // As for every non-streaming error: the key may sit anywhere, the URL's path included.
  r.ready.push(endChunk(r, atMs, withoutSecrets(error, r.source.call.secrets)));
  close(r, error);
}

function complete(r: ChunkReading): void {
  if (r.held === undefined) r.ready.push(endChunk(r, r.arrivalMs, undefined));
  else {
    r.held.isLastChunk = true;
    r.ready.push(r.held);
    r.held = undefined;
  }
  close(r, undefined);
}

const finishedCount = (r: ChunkReading): number => r.finishedChoices?.size ?? 0;

function accept(r: ChunkReading, chunk: Mutable<CompletionChunk>): void {
  chunk.chunkLatencyMs = r.arrivalMs - r.previousArrivalMs;
  chunk.totalLatencyMs = r.arrivalMs - r.source.startedAtMs;
  chunk.isLastChunk = false;
  r.previousArrivalMs = r.arrivalMs;
  if (r.held !== undefined) r.ready.push(r.held);
  r.held = undefined;
  // An indexed loop: a for-of here allocated an iterator per chunk (~150 bytes, a tenth of a chunk's garbage).
  for (let i = 0; i < chunk.choices.length; i++) {
    const choice = chunk.choices[i] as ChunkChoice;
    if (choice.finish_reason === undefined || choice.finish_reason === null) continue;
    r.finishedChoices ??= new Set();
    r.finishedChoices.add(choice.index);
  }
  if (finishedCount(r) >= r.source.expectedChoices) r.held = chunk;
  else r.ready.push(chunk);
}

function onEvent(type: string, data: string, isUnterminated: boolean, r: ChunkReading): boolean {
  const { call } = r.source;
  if (type === "error") {
    fail(r, newStreamServerError(call, data, parseJson(data).unwrapOr(undefined)));
    return false;
  }
  if (type !== "message") return true;
  if (data.charCodeAt(0) === openBracket && data.trim() === "[DONE]") {
    complete(r);
    return false;
  }
  r.chunkNumber++;
  const parsed = parseJsonOrFailure(data);
  if (parsed instanceof JsonFailure) {
    // The input ended before this event's blank line: data that is not JSON was cut, not malformed.
    fail(
      r,
      isUnterminated
        ? newTruncatedError(finishedCount(r), r.source.expectedChoices)
        : newChunkNotJsonError(call, r.chunkNumber, data, parsed.failure.message),
    );
    return false;
  }
  const value = parsed as { error?: unknown } | null;
  if (typeof value === "object" && value !== null && value.error !== undefined && value.error !== null) {
    fail(r, newStreamServerError(call, data, value));
    return false;
  }
  const issue = shapeIssue(r.schema, value);
  if (issue !== undefined) {
    fail(r, newChunkShapeError(call, r.chunkNumber, issue, data));
    return false;
  }
  accept(r, value as Mutable<CompletionChunk>);
  return true;
}

function onEnd(r: ChunkReading): void {
  const status = endSse(r.decoder, onEvent, r);
  if (!r.isOpen) return;
  const { call, expectedChoices, maxEventBytes } = r.source;
  const stray = r.decoder.strayLine;
  if (status === "too_large") fail(r, newEventTooLargeError(maxEventBytes));
  else if (finishedCount(r) >= expectedChoices) complete(r);
  else if (r.decoder.eventCount === 0 && stray !== undefined) fail(r, newNotSseError(call, stray));
  else fail(r, newTruncatedError(finishedCount(r), expectedChoices));
}

function take(r: ChunkReading): Step {
  if (r.head === r.ready.length) return finished;
  const chunk = r.ready[r.head++] as CompletionChunk;
  if (r.head === r.ready.length) {
    r.ready = [];
    r.head = 0;
  }
  return { done: false, value: chunk };
}

/**
 * Reads until a chunk is ready or the stream ended, then resolves the promise `running` holds: one promise
 * however many reads it takes (an `async` loop held about 100 bytes more while a stream waits).
 */
function pump(r: ChunkReading): Promise<Step> {
  return new Promise((resolve) => {
    r.deliver = resolve;
    awaitRead(r);
  });
}

function awaitRead(r: ChunkReading): void {
  void (r.pendingRead ?? startRead(r, true)).then(r.onReadSettled);
}

function afterRead(r: ChunkReading, result: ReadResult): void {
  handleRead(r, result);
  if (r.head === r.ready.length && r.isOpen) awaitRead(r);
  else {
    const { deliver } = r;
    r.deliver = undefined;
    r.running = undefined;
    deliver?.(take(r));
  }
}

function handleRead(r: ChunkReading, result: ReadResult): void {
  r.pendingRead = undefined;
  if (!r.isOpen) return;
  if (result.isErr()) fail(r, result.error);
  else if (result.value.done) onEnd(r);
  else if (feedSse(r.decoder, result.value.value, onEvent, r) === "too_large")
    fail(r, newEventTooLargeError(r.source.maxEventBytes));
  if (r.isOpen) r.pendingRead = startRead(r, r.decoder.hadData);
}

function next(r: ChunkReading): Promise<Step> {
  if (r.running !== undefined) return r.running.then(() => next(r));
  // The caller's abort stops the stream at once: chunks already read are dropped.
  const failure = guardFailure(r.source.guard);
  if (r.isOpen && failure?.kind === "aborted") {
    dropReady(r);
    fail(r, failure, r.source.clock());
  }
  if (r.head < r.ready.length || !r.isOpen) return Promise.resolve(take(r));
  r.running = pump(r);
  return r.running;
}
