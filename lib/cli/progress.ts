import { createLogUpdate } from "log-update";
import { formatNumber } from "./format.ts";
import type { RequestSample } from "./request-sample.ts";
import { percentile } from "./statistics.ts";

/** Where the command writes: `process.stdout` or a test's collector. */
export interface OutputStream {
  readonly write: (text: string) => unknown;
  /** True for a terminal: only then is the live progress shown. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The live progress display of a benchmark. */
export interface Progress {
  /** A load level starts. */
  readonly startLevel: (label: string, position: number, count: number) => void;
  /** A request ended. */
  readonly addSample: (sample: RequestSample) => void;
  /** The level ended: its last line stays on screen. */
  readonly endLevel: () => void;
}

const quiet: Progress = {
  startLevel: () => undefined,
  addSample: () => undefined,
  endLevel: () => undefined,
};

/** How often the display is redrawn, in milliseconds. */
const redrawMs = 200;

/**
 * A live progress display (log-update, redrawn in place every 200 ms): requests done, failures, running
 * TTFT p50 and p99, output tokens per second, elapsed time. Silent when the stream is not a terminal, so
 * that piped output holds only the final report.
 */
export function newProgress(stream: OutputStream, now: () => number): Progress {
  if (stream.isTTY !== true) return quiet;
  const render = createLogUpdate(stream as NodeJS.WriteStream, { showCursor: true });
  let label = "";
  let startedMs = 0;
  let done = 0;
  let failed = 0;
  let tokens = 0;
  const ttftsMs: number[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = (): void => {
    const elapsedMs = now() - startedMs;
    const sorted = [...ttftsMs].sort((a, b) => a - b);
    render(
      `${label}  ${done} done, ${failed} failed  ·  TTFT p50 ${formatNumber(percentile(sorted, 50))} ms, ` +
        `p99 ${formatNumber(percentile(sorted, 99))} ms  ·  ${formatNumber(elapsedMs > 0 ? (tokens * 1000) / elapsedMs : 0)} tok/s  ·  ` +
        `${(elapsedMs / 1000).toFixed(1)} s`,
    );
  };
  return {
    startLevel: (name, position, count) => {
      label = `[${position}/${count}] ${name}`;
      startedMs = now();
      done = 0;
      failed = 0;
      tokens = 0;
      ttftsMs.length = 0;
      draw();
      timer = setInterval(draw, redrawMs);
      timer.unref?.();
    },
    addSample: (sample) => {
      done++;
      if (!sample.isOk) failed++;
      tokens += sample.outputTokens ?? 0;
      if (sample.ttftMs !== undefined) ttftsMs.push(sample.ttftMs);
    },
    endLevel: () => {
      clearInterval(timer);
      draw();
      render.done();
    },
  };
}
