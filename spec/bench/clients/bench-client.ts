/**
 * The name of a client the bench compares (`raw`, `chatwire`, `openai`, or a variant listed in
 * `variants.ts`); `raw` is the floor every ratio of the table is taken against.
 */
export type ClientName = string;

/**
 * One client as the bench drives it. Each adapter does what a user of that client would write, and the
 * per-chunk "user code" is the same for all: a callback given the first choice's content delta.
 */
export interface BenchClient {
  /** One non-streaming call; resolves to the answer's text. Rejects on any failure (the bench stops). */
  readonly complete: (model: string) => Promise<string>;
  /**
   * One streaming call, consumed to the end; `onContent` sees every chunk's first-choice content (or
   * `undefined`). Resolves to the number of chunks handed over. Aborting `signal` ends it early (it may
   * then reject, which the caller expects).
   */
  readonly stream: (
    model: string,
    onContent: (content: string | undefined) => void,
    signal?: AbortSignal,
  ) => Promise<number>;
}

/** The one message every bench request sends. */
export const benchPrompt = "What is the weather in San Francisco?";

/** Thrown by an adapter whose client cannot run a measurement yet (say, streaming is not built). */
export class NotAvailableError extends Error {
  override readonly name = "NotAvailableError";
}
