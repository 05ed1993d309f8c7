/** How big each measurement is, and how many rounds a run makes. */
export interface Sizes {
  readonly rounds: number;
  /** Content chunks of the fast stream, one HTTP chunk per SSE event (the default framing). */
  readonly streamChunks: number;
  /** Content chunks of the fast stream written in 64 KiB pieces. */
  readonly batchedStreamChunks: number;
  /** Whole streams consumed before measuring, then streams measured (the round keeps their median). */
  readonly warmStreams: number;
  readonly measuredStreams: number;
  /**
   * Fresh processes per client and round for the stream figures (the round keeps their median): one
   * process's CPU time can sit in one of two modes some 1.6x apart for its whole life on this kind of
   * machine, whatever runs in it, so one process per round makes a ratio a coin toss.
   */
  readonly streamProcesses: number;
  /** The same for the 64 KiB stream, a second row without a target: fewer processes keep the run short. */
  readonly batchedStreamProcesses: number;
  /** Non-streaming requests, sequential and concurrent. */
  readonly requests: number;
  /** Requests made before measuring, in each process. */
  readonly warmRequests: number;
  readonly concurrency: number;
  /** Stamped chunks of the paced stream, and the gap between them. */
  readonly pacedChunks: number;
  readonly gapMs: number;
  /** Streams held open at once for the memory figure. */
  readonly openStreams: number;
  /** Fresh processes per client and round for the import figures (the round keeps their median). */
  readonly importRepeats: number;
}

/**
 * `npm run bench`: the sizes issues 6 and 14 name (1,000 requests rather than issue 6's 2,000, so that
 * a run stays near 4 minutes on 2 idle cores, and under 10 when they are shared).
 */
export const fullSizes: Sizes = {
  rounds: 5,
  streamChunks: 10_000,
  batchedStreamChunks: 20_000,
  warmStreams: 2,
  measuredStreams: 3,
  streamProcesses: 3,
  batchedStreamProcesses: 1,
  requests: 1_000,
  warmRequests: 400,
  concurrency: 32,
  pacedChunks: 100,
  gapMs: 20,
  openStreams: 500,
  importRepeats: 3,
};

/** `npm run bench:quick`: the same runner, smaller, for routine use (about a minute on 2 idle cores). */
export const quickSizes: Sizes = {
  rounds: 3,
  streamChunks: 3_000,
  batchedStreamChunks: 5_000,
  warmStreams: 1,
  measuredStreams: 3,
  streamProcesses: 1,
  batchedStreamProcesses: 1,
  requests: 200,
  warmRequests: 60,
  concurrency: 32,
  pacedChunks: 40,
  gapMs: 20,
  openStreams: 200,
  importRepeats: 1,
};
