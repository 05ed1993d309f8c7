import type { ReplayScheduler } from "./replay-scheduler.ts";

/** An exchange ready to be played: bodies decoded once, and whether a request has used it. */
export interface PreparedExchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headersAtMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly chunks: readonly { readonly atMs: number; readonly bytes: Uint8Array }[];
  readonly error: string | undefined;
  isUsed: boolean;
}

/** What fetch rejects with, or errors a body with, when a request is aborted. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("This operation was aborted", "AbortError");
}

// Statuses whose responses cannot have a body (`new Response` refuses one).
const nullBodyStatuses: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * Plays one exchange back: the response resolves when its headers are due and each body piece is
 * delivered, unmerged, when it is due (`atMs / speed` after the request), as soon as it is read after
 * that. The request's signal rejects the wait for headers and errors the body, as a live fetch does.
 */
export async function replayExchange(
  exchange: PreparedExchange,
  scheduler: ReplayScheduler,
  speed: number,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const startedAt = scheduler.now();
  const cancelled = new AbortController();
  const waitSignal = signal === undefined ? cancelled.signal : AbortSignal.any([signal, cancelled.signal]);
  const waitFor = async (atMs: number): Promise<boolean> => {
    const dueAt = startedAt + (speed === 0 ? 0 : atMs / speed);
    return dueAt > scheduler.now() ? scheduler.sleepUntil(dueAt, waitSignal) : !waitSignal.aborted;
  };
  if (!(await waitFor(exchange.headersAtMs))) return Promise.reject(abortReason(signal));
  if (nullBodyStatuses.has(exchange.status)) {
    return new Response(null, { status: exchange.status, headers: exchange.headers });
  }
  let next = 0;
  let stopListening = (): void => undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        // As with a live fetch, an abort errors the body at once, even between reads.
        const onAbort = (): void => controller.error(abortReason(signal));
        signal?.addEventListener("abort", onAbort, { once: true });
        stopListening = () => signal?.removeEventListener("abort", onAbort);
      },
      pull: async (controller) => {
        const chunk = exchange.chunks[next];
        if (chunk === undefined) {
          stopListening();
          if (exchange.error === undefined) controller.close();
          // What undici rejects with when a connection drops mid-body.
          else controller.error(new TypeError("terminated", { cause: new Error(exchange.error) }));
          return;
        }
        if (!(await waitFor(chunk.atMs)) || signal?.aborted === true) return;
        next += 1;
        // A copy: a consumer that transfers or overwrites its bytes must not change the next replay.
        controller.enqueue(chunk.bytes.slice());
      },
      cancel: () => {
        stopListening();
        cancelled.abort();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: exchange.status, headers: exchange.headers });
}
