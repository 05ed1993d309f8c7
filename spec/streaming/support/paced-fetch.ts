import type { FetchFunction } from "../../../lib/index.ts";

/** One read of a paced body: its text, and the clock value at which it "arrives". */
export interface PacedPiece {
  readonly atMs: number;
  /** The bytes to hand over; `undefined` ends the body. */
  readonly text: string | undefined;
}

/**
 * A fake server and clock in one: every read of the body moves the clock to the piece's arrival time, or
 * leaves it where it is when the read was made later than that.
 */
export interface PacedServer {
  readonly fetch: FetchFunction;
  readonly clock: () => number;
  /** Sets the clock (the call's start, the consumer's own time). */
  readonly setNow: (ms: number) => void;
  /** How many reads of the body have started. */
  readonly reads: () => number;
  /** In gated mode: lets the next pending read get its piece. */
  readonly release: () => void;
}

/**
 * A fetch whose response arrives at `headersAtMs` and whose body hands over exactly one piece per read
 * (high-water mark 0: nothing is read ahead of the client). Gated, each read also waits for `release()`.
 */
export function newPacedServer(
  headersAtMs: number,
  pieces: readonly PacedPiece[],
  options: { readonly gated?: boolean } = {},
): PacedServer {
  let now = 0;
  let reads = 0;
  let gates: (() => void)[] = [];
  let released = 0;
  const encoder = new TextEncoder();
  const waitForRelease = (): Promise<void> =>
    released > 0
      ? Promise.resolve().then(() => {
          released--;
        })
      : new Promise((resolve) => gates.push(resolve));
  const body = (): ReadableStream<Uint8Array> =>
    new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const piece = pieces[reads++];
          if (options.gated === true) await waitForRelease();
          // A read cannot complete before it was made: a late read sees the piece when it asks.
          if (piece !== undefined) now = Math.max(now, piece.atMs);
          if (piece === undefined || piece.text === undefined) {
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(piece.text));
        },
      },
      { highWaterMark: 0 },
    );
  return {
    fetch: async () => {
      now = headersAtMs;
      return new Response(body(), { status: 200, headers: { "content-type": "text/event-stream" } });
    },
    clock: () => now,
    setNow: (ms) => {
      now = ms;
    },
    reads: () => reads,
    release: () => {
      const gate = gates[0];
      if (gate === undefined) released++;
      else {
        gates = gates.slice(1);
        gate();
      }
    },
  };
}

/** Lets every pending promise callback and I/O turn run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
