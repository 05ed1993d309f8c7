import { type Attributes, type Context, context } from "@opentelemetry/api";
import type { ResultAsync } from "neverthrow";
import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { definedOnly } from "../internal/defined-only.ts";
import type { ChunkStream } from "../streaming/chunk-types.ts";
import type { ChoiceCollector } from "../streaming/collect-chunks.ts";
import { firstFilled } from "../streaming/stream-envelope.ts";
import { newCallTiming } from "../timing/call-timing.ts";
import { serverTiming } from "../timing/server-timing.ts";
import { addAttemptEvents } from "./attempt-events.ts";
import { type ActiveCall, failCall, recordDuration, recordTokens, startCall } from "./call-span.ts";
import { type OutputChoice, outputMessages } from "./content.ts";
import { guarded } from "./guarded.ts";
import type { CallStart } from "./request-attributes.ts";
import { responseAttributes, timingAttributes, tokenCounts } from "./response-attributes.ts";
import type { CallTarget, Telemetry } from "./telemetry.ts";
import { type StreamWatch, watchStream } from "./watch-stream.ts";

type Loose = { readonly [field: string]: unknown } | null | undefined;

/** A chat or text completion chunk, as the span reads it. */
interface StreamChunk {
  readonly id?: string;
  readonly model?: string;
  readonly choices: readonly { readonly index?: number; readonly finish_reason?: string | null }[];
  readonly usage?: Loose;
  readonly chunkLatencyMs: number;
  readonly totalLatencyMs: number;
  readonly isLastChunk: boolean;
  readonly error?: ChatwireError;
}

/** What is kept while a stream is read: a few figures, never the chunks (the text only with `captureContent`). */
interface StreamState extends StreamWatch {
  readonly call: ActiveCall;
  readonly headersLatencyMs: number;
  readonly attempts: readonly AttemptRecord[];
  chunkCount: number;
  firstAtMs: number | undefined;
  lastAtMs: number | undefined;
  /** The stream's id and model: the first non-empty ones ({@link firstFilled}), `""` until one came. */
  id: string;
  model: string;
  readonly finishReasons: string[];
  usage: Loose;
  lastChunk: StreamChunk | undefined;
  usageChunk: StreamChunk | undefined;
  /** The metric attributes of the chunk histograms, `gen_ai.response.model` included once it is known. */
  chunkAttributes: Attributes;
  /** The choices put together for `gen_ai.output.messages`, only with `captureContent`. */
  readonly output: ChoiceCollector<unknown, OutputChoice> | undefined;
}

/** The figures of one chunk: time to first chunk or time per output chunk, from chatwire's own stamps. */
function addChunk(state: StreamState, chunk: StreamChunk): void {
  const { telemetry } = state.call;
  state.chunkCount++;
  state.id = firstFilled(state.id, chunk.id);
  const model = firstFilled(state.model, chunk.model);
  if (model !== state.model) {
    state.model = model;
    state.chunkAttributes = { ...state.chunkAttributes, "gen_ai.response.model": model };
  }
  if (state.firstAtMs === undefined) {
    state.firstAtMs = chunk.totalLatencyMs;
    telemetry.timeToFirstChunk.record(chunk.totalLatencyMs / 1000, state.chunkAttributes);
  } else {
    telemetry.timePerOutputChunk.record(chunk.chunkLatencyMs / 1000, state.chunkAttributes);
  }
  const { choices } = chunk;
  for (let at = 0; at < choices.length; at++) {
    const choice = choices[at];
    if (typeof choice?.finish_reason === "string")
      state.finishReasons[choice.index ?? at] = choice.finish_reason;
  }
  if (chunk.usage !== undefined && chunk.usage !== null) {
    state.usage = chunk.usage;
    state.usageChunk = chunk;
  }
  state.output?.add(choices);
  state.lastAtMs = chunk.totalLatencyMs;
  state.lastChunk = chunk;
}

/** Ends the span of a stream that ended: on its last chunk, or on an error chunk. */
function endStream(
  state: StreamState,
  error: ChatwireError | undefined,
  errorAtMs: number | undefined,
): void {
  state.isEnded = true;
  const { call } = state;
  const { span } = call;
  const summary = {
    id: state.id,
    model: state.model,
    finishReasons: state.finishReasons.filter((reason) => reason !== undefined),
    usage: state.usage,
  };
  const server =
    (state.lastChunk === undefined ? undefined : serverTiming(state.lastChunk)) ??
    (state.usageChunk === undefined ? undefined : serverTiming(state.usageChunk));
  const totalMs = state.lastAtMs ?? state.headersLatencyMs;
  const timing = newCallTiming(state.headersLatencyMs, totalMs, state.attempts, server);
  const attributes = definedOnly<Attributes>({
    ...responseAttributes(summary),
    ...timingAttributes(timing, undefined),
    "chatwire.chunk_count": state.chunkCount,
    "gen_ai.response.time_to_first_chunk": state.firstAtMs === undefined ? undefined : state.firstAtMs / 1000,
  });
  span.setAttributes(attributes);
  if (state.output !== undefined)
    span.setAttribute("gen_ai.output.messages", outputMessages(state.output.finish()));
  const extra = { "gen_ai.response.model": attributes["gen_ai.response.model"] };
  recordTokens(call, tokenCounts(state.usage), extra);
  if (error !== undefined) {
    failCall(call, error, [], errorAtMs);
    return;
  }
  recordDuration(call, totalMs, extra);
  span.end();
}

/** Ends the span of a stream the caller left early (`break`, `return()`): not a failure, marked cancelled. */
function cancelStream(state: StreamState): void {
  state.isEnded = true;
  const { call } = state;
  call.span.setAttributes(
    definedOnly<Attributes>({
      "chatwire.stream.cancelled": true,
      "chatwire.chunk_count": state.chunkCount,
      "gen_ai.response.time_to_first_chunk":
        state.firstAtMs === undefined ? undefined : state.firstAtMs / 1000,
    }),
  );
  recordDuration(call, call.target.clock() - call.startedAtMs, {});
  call.span.end();
}

function onStep(state: StreamState, step: IteratorResult<StreamChunk>): void {
  if (step.done === true) {
    endStream(state, undefined, undefined);
    return;
  }
  const chunk = step.value;
  if (chunk.error !== undefined) {
    endStream(state, chunk.error, chunk.totalLatencyMs);
    return;
  }
  addChunk(state, chunk);
  if (chunk.isLastChunk) endStream(state, undefined, undefined);
}

/** Starts observing a stream that opened: its open figures now, its chunks as they are read. */
function observeStream<C extends StreamChunk, S extends ChunkStream<C>>(
  call: ActiveCall,
  stream: S,
  output: ChoiceCollector<unknown, OutputChoice> | undefined,
): S {
  const { span } = call;
  span.setAttributes(
    definedOnly<Attributes>({
      "chatwire.request_id": stream.requestId,
      "chatwire.headers_latency_ms": stream.headersLatencyMs,
      "chatwire.attempt_count": stream.attempts.length,
    }),
  );
  addAttemptEvents(span, stream.attempts, call.startEpochMs);
  const state: StreamState = {
    call,
    headersLatencyMs: stream.headersLatencyMs,
    attempts: stream.attempts,
    isEnded: false,
    chunkCount: 0,
    firstAtMs: undefined,
    lastAtMs: undefined,
    id: "",
    model: "",
    finishReasons: [],
    usage: undefined,
    lastChunk: undefined,
    usageChunk: undefined,
    chunkAttributes: definedOnly<Attributes>(call.start.metricAttributes),
    output,
  };
  // The span ends when the stream does, never earlier, never left open.
  return watchStream(stream, state, onStep, cancelStream);
}

/**
 * Runs a streaming call inside its span: a failure to open ends it at once; an open stream comes back
 * wrapped, its span ending with the stream's last chunk, its error chunk, or the caller leaving early.
 */
export function tracedStream<C extends StreamChunk, S extends ChunkStream<C>>(
  telemetry: Telemetry,
  target: CallTarget,
  start: CallStart,
  parent: Context | undefined,
  input: (() => string) | undefined,
  output: (() => ChoiceCollector<unknown, OutputChoice>) | undefined,
  invoke: () => ResultAsync<S, ChatwireError>,
): ResultAsync<S, ChatwireError> {
  const call = guarded(() => startCall(telemetry, target, start, parent));
  if (call === undefined) return invoke();
  if (input !== undefined) guarded(() => call.span.setAttribute("gen_ai.input.messages", input()));
  return context
    .with(call.context, invoke)
    .map((stream) => guarded(() => observeStream(call, stream, output?.())) ?? stream)
    .mapErr((error) => {
      guarded(() => failCall(call, error));
      return error;
    });
}
