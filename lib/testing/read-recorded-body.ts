import { ResultAsync } from "neverthrow";

/** One piece of a body as the recorder read it. */
export interface ReadChunk {
  /** Milliseconds since the request started, to the microsecond. */
  readonly atMs: number;
  readonly bytes: Uint8Array;
}

/** A body as the recorder read it: every piece, and why it stopped early when it did. */
export interface ReadBody {
  readonly chunks: readonly ReadChunk[];
  readonly error?: string;
}

/** The recorder's own bounds: it reads on after the consumer has stopped, but not forever. */
export interface RecorderBounds {
  readonly maxBodyBytes: number;
  readonly idleTimeoutMs: number;
}

/** Words for whatever a failed read rejected with: an Error, an abort reason, a chatwire error object. */
function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message === "" ? reason.name : reason.message;
  const message = (reason as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(reason);
}

const idle = Symbol("idle");

/** One read, or `idle` when nothing arrives within `timeoutMs`. */
function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  timeoutMs: number,
): ResultAsync<ReadableStreamReadResult<Uint8Array> | typeof idle, string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const quiet = new Promise<typeof idle>((resolve) => {
    timer = setTimeout(() => resolve(idle), timeoutMs);
  });
  return ResultAsync.fromPromise(
    Promise.race([reader.read(), quiet]).finally(() => clearTimeout(timer)),
    describe,
  );
}

const rounded = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Reads the recorder's copy of a body to its end, stamping each piece with its arrival time. It keeps
 * reading when the consumer has stopped (the copy is a tee), within `maxBodyBytes` and with at most
 * `idleTimeoutMs` between two pieces, so that it always ends. Never rejects.
 */
export async function readRecordedBody(
  body: ReadableStream<Uint8Array>,
  elapsedMs: () => number,
  bounds: RecorderBounds,
): Promise<ReadBody> {
  const reader = body.getReader();
  const chunks: ReadChunk[] = [];
  let total = 0;
  const stop = (error: string): ReadBody => {
    void reader.cancel().catch(() => undefined);
    return { chunks, error };
  };
  for (;;) {
    const read = await readWithin(reader, bounds.idleTimeoutMs);
    if (read.isErr()) return { chunks, error: read.error };
    if (read.value === idle) {
      return stop(`no byte arrived for ${bounds.idleTimeoutMs} ms, so the recorder stopped (idleTimeoutMs)`);
    }
    if (read.value.done) return { chunks };
    const atMs = rounded(elapsedMs());
    total += read.value.value.byteLength;
    if (total > bounds.maxBodyBytes) {
      return stop(`the body exceeded ${bounds.maxBodyBytes} bytes, so the recorder stopped (maxBodyBytes)`);
    }
    chunks.push({ atMs, bytes: read.value.value });
  }
}
