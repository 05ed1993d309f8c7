import { err, ok, type Result } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { definedOnly } from "../internal/defined-only.ts";
import { pauseGuard } from "../transport/call-guard.ts";
import { callUrl, type HttpCall } from "../transport/http-call.ts";
import { openResponse } from "../transport/open-response.ts";
import type { Transport } from "../transport/transport.ts";
import { type ChunkSource, newChunkIterator } from "./chunk-stream.ts";
import type { ChunkStream } from "./chunk-types.ts";
import { errorOnlyStream } from "./stream-result.ts";

/**
 * Opens a streaming call: waits (with retries) for a 2xx response's headers and returns the stream of its
 * chunks, or the error that prevented it. Never rejects.
 *
 * @param expectedChoices how many choices the request asked for (`n`, default 1).
 * @param schema the chunk schema, for streams whose chunks are not chat chunks (text completions).
 */
export async function openStream<Chunk>(
  transport: Transport,
  call: HttpCall,
  expectedChoices: number,
  schema?: ChunkSource["schema"],
): Promise<Result<ChunkStream<Chunk>, ChatwireError>> {
  const opened = await openResponse(transport, call);
  if (opened.isErr()) return err(opened.error);
  const { response, guard, startedAtMs, headersAtMs, attempts, requestId } = opened.value;
  // Until the first read, no read waits on the server: the idle watch starts with it (see newChunkIterator).
  pauseGuard(guard);
  const source = {
    reply: response,
    guard,
    clock: transport.config.clock,
    startedAtMs,
    maxEventBytes: transport.config.maxEventBytes,
    expectedChoices,
    schema,
    call: {
      method: call.method,
      url: callUrl(transport.baseUrl, call),
      status: response.status,
      headers: response.headers,
      secrets: transport.secrets,
    },
  };
  let isIterated = false;
  // The iterator reads only what chat and text chunks share (choices' index and finish reason); `schema`
  // checks the rest, so the chunks are of the kind the schema describes.
  return ok<ChunkStream<Chunk>>({
    ...definedOnly({ requestId }),
    headersLatencyMs: headersAtMs - startedAtMs,
    attempts,
    [Symbol.asyncIterator]: () => {
      if (isIterated)
        return errorOnlyStream(
          newInvalidRequestError("stream", "can be iterated only once"),
        ) as AsyncIterator<Chunk>;
      isIterated = true;
      return newChunkIterator(source) as AsyncIterator<Chunk>;
    },
  });
}
