import { err, type Result } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { parseJson } from "../internal/json.ts";
import type { DeepPartial, InferInput, InferOutput, OutputSchema } from "../request/output-schema.ts";
import type { ChatCompletionStream, CompletionChunk } from "../streaming/chunk-types.ts";
import { type CollectedCompletion, collectStream } from "../streaming/collect-stream.ts";
import { deltaText } from "../streaming/delta-message.ts";
import { streamProblem } from "../streaming/stream-problem.ts";
import { parseOutput } from "./parse-output.ts";
import { newPartialJsonScanner } from "./partial-json.ts";
import { replayChunks } from "./replay-chunks.ts";

/** The answer so far, completed into a value: not checked against the schema yet. */
export interface PartialOutputEvent<Partial> {
  readonly type: "partial";
  /**
   * The JSON received so far, closed into a value (see `closePartialJson`): every field may still be
   * missing or cut, and the schema's transforms have not run.
   */
  readonly partial: Partial;
  /** The chunk that moved it. */
  readonly chunk: CompletionChunk;
}

/** The end of the stream: the answer checked against the schema, as `parseOutput` would give it. */
export interface FinalOutputEvent<T> {
  readonly type: "final";
  /** The validated answer, or why there is none: the stream's own error, or an `output` error. */
  readonly result: Result<T, ChatwireError>;
  /** The assembled response, as `collectStream` gives it; `undefined` when the stream failed. */
  readonly response: CollectedCompletion | undefined;
}

/** What {@link streamOutput} yields: partial values as the JSON arrives, then one final event. */
export type OutputEvent<T, Partial = DeepPartial<T>> = PartialOutputEvent<Partial> | FinalOutputEvent<T>;

async function* outputEvents(
  stream: ChatCompletionStream,
  schema: OutputSchema | undefined,
): AsyncGenerator<OutputEvent<unknown, unknown>, undefined, undefined> {
  const problem = streamProblem(stream);
  if (problem !== undefined) {
    yield { type: "final", result: err(problem), response: undefined };
    return undefined;
  }
  const scanner = newPartialJsonScanner();
  const chunks: CompletionChunk[] = [];
  let shown: string | undefined;
  for await (const chunk of stream) {
    chunks.push(chunk);
    const text = deltaText(chunk);
    if (text === "") continue;
    scanner.push(text);
    const closed = scanner.closed();
    if (closed === undefined || closed === shown) continue;
    shown = closed;
    const partial = parseJson(closed);
    if (partial.isOk()) yield { type: "partial", partial: partial.value, chunk };
  }
  const collected = await collectStream(replayChunks(stream, chunks));
  if (collected.isErr()) {
    yield { type: "final", result: err(collected.error), response: undefined };
    return undefined;
  }
  const response = collected.value;
  const result = schema === undefined ? parseOutput(response) : parseOutput(response, schema);
  yield { type: "final", result, response };
  return undefined;
}

/**
 * Reads a structured answer as it streams: yields the best-effort partial value each time the JSON
 * received so far completes into a different one (open strings, arrays and objects closed; see
 * `closePartialJson`), then one `final` event with the whole answer checked against the schema, exactly as
 * `parseOutput` checks a non-streamed one. Partial values follow the first choice's content and are typed
 * as a deep partial of the schema's input: they are not validated. Never throws; leaving the loop early
 * cancels the request, as with the stream itself.
 * @example
 * ```ts
 * const opened = await client.chatCompletionStream(request);
 * if (opened.isOk()) {
 *   for await (const event of streamOutput(opened.value, City)) {
 *     if (event.type === "partial") render(event.partial);
 *     else event.result.match((city) => save(city), (error) => console.error(error.message));
 *   }
 * }
 * ```
 */
export function streamOutput(stream: ChatCompletionStream): AsyncIterable<OutputEvent<unknown, unknown>>;
export function streamOutput<S extends OutputSchema>(
  stream: ChatCompletionStream,
  schema: S,
): AsyncIterable<OutputEvent<InferOutput<S>, DeepPartial<InferInput<S>>>>;
export function streamOutput(
  stream: ChatCompletionStream,
  schema?: OutputSchema,
): AsyncIterable<OutputEvent<unknown, unknown>> {
  return { [Symbol.asyncIterator]: () => outputEvents(stream, schema) };
}
