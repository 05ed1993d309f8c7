import { type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { ChunkMeta } from "./chunk-types.ts";

/** The last chunk a stream that never opened yields: no choices, the error, latencies of 0. */
interface OpenFailureChunk<E extends ChatwireError> extends ChunkMeta {
  readonly choices: readonly never[];
  readonly isLastChunk: true;
  readonly error: E;
}

/**
 * What opening a stream gives once awaited: a neverthrow `Result` (`isOk()`, `match`, `value`...) that is
 * also the stream itself. Iterating it with `for await` yields the stream's chunks when it opened, or one
 * last chunk carrying the error when it did not, so forgetting `.value` cannot silently iterate nothing.
 */
export type StreamResult<
  Stream extends AsyncIterable<Chunk>,
  Chunk,
  E extends ChatwireError = ChatwireError,
> = Result<Stream, E> & AsyncIterable<Chunk>;

/**
 * The `ResultAsync` of opening a stream: every `ResultAsync` method, and awaiting it gives a
 * {@link StreamResult}, which can be iterated directly.
 * @example
 * ```ts
 * for await (const chunk of await client.chatCompletionStream(request)) {
 *   if (chunk.error !== undefined) console.error(chunk.error.message);
 *   else process.stdout.write(deltaText(chunk));
 * }
 * ```
 */
export interface StreamResultAsync<
  Stream extends AsyncIterable<Chunk>,
  Chunk,
  E extends ChatwireError = ChatwireError,
> extends ResultAsync<Stream, E> {
  then<A, B>(
    successCallback?: ((result: StreamResult<Stream, Chunk, E>) => A | PromiseLike<A>) | null,
    failureCallback?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B>;
}

/** A stream that yields one last chunk carrying `error`: one that did not open, or was iterated twice. */
export async function* errorOnlyStream<E extends ChatwireError>(
  error: E,
): AsyncGenerator<OpenFailureChunk<E>, undefined> {
  yield { choices: [], chunkLatencyMs: 0, totalLatencyMs: 0, isLastChunk: true, error };
  return undefined;
}

/**
 * Makes the `Result` of opening a stream iterable as the stream: `for await` reads the stream's own
 * iterator when it opened, one error chunk when it did not. The Result itself is unchanged otherwise, and
 * a Result already made iterable is handed on as it is.
 */
export function toStreamResult<
  Stream extends AsyncIterable<Chunk>,
  Chunk,
  E extends ChatwireError = ChatwireError,
>(opening: ResultAsync<Stream, E>): StreamResultAsync<Stream, Chunk, E> {
  const iterable = opening.then((result) =>
    // Already made iterable (a wrapper handing on a stream it did not map): its iterator stays.
    Symbol.asyncIterator in result
      ? result
      : Object.defineProperty(result, Symbol.asyncIterator, {
          value: () => (result.isOk() ? result.value[Symbol.asyncIterator]() : errorOnlyStream(result.error)),
        }),
  );
  return new ResultAsync(iterable as Promise<Result<Stream, E>>) as StreamResultAsync<Stream, Chunk, E>;
}
