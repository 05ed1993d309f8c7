import { guardedStep } from "./guarded.ts";

/** What {@link watchStream} keeps of one stream: once `isEnded`, its steps are no longer watched. */
export interface StreamWatch {
  isEnded: boolean;
}

/**
 * The stream again, watched: `onStep` sees each step read until the watch ends (the watcher sets
 * `isEnded`), and `onLeave` the caller leaving before that (`break`, `return()`). Both are guarded: what the
 * user's OpenTelemetry pipeline throws never reaches the stream. Each chunk costs one call.
 */
export function watchStream<C, W extends StreamWatch, S extends AsyncIterable<C>>(
  stream: S,
  watch: W,
  onStep: (watch: W, step: IteratorResult<C>) => void,
  onLeave: (watch: W) => void,
): S {
  // Built once per stream, not once per chunk.
  const safeStep = guardedStep(onStep);
  const safeLeave = guardedStep(onLeave);
  const iterate = (): AsyncIterator<C> => {
    const source = stream[Symbol.asyncIterator]();
    return {
      next: () =>
        source.next().then((step) => {
          if (!watch.isEnded) safeStep(watch, step);
          return step;
        }),
      return: (value?: unknown) =>
        (source.return === undefined
          ? Promise.resolve({ done: true as const, value: undefined })
          : source.return(value)
        ).finally(() => {
          if (!watch.isEnded) safeLeave(watch, undefined);
        }),
    };
  };
  return { ...stream, [Symbol.asyncIterator]: iterate };
}
