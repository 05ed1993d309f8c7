/** How requests are sent at one load level. */
export type LoadLevel =
  /** A fixed number of requests in flight: each finished request starts the next. */
  | { readonly kind: "concurrency"; readonly concurrency: number }
  /**
   * Requests started at a rate, in requests per second, with gamma-distributed gaps (`burstiness` is the
   * shape: 1 for Poisson arrivals), at most `maxConcurrency` in flight when set.
   */
  | {
      readonly kind: "rate";
      readonly ratePerSecond: number;
      readonly burstiness: number;
      readonly maxConcurrency?: number;
    };

/** When a load level stops starting requests: after `requests` of them, or `durationMs`, whichever first. */
export interface LevelBound {
  readonly requests?: number;
  readonly durationMs?: number;
}

/** A load level's name in reports: `concurrency 4`, `rate 2/s`. */
export function levelLabel(level: LoadLevel): string {
  return level.kind === "concurrency" ? `concurrency ${level.concurrency}` : `rate ${level.ratePerSecond}/s`;
}

/** The number a level is plotted against: its concurrency or its rate. */
export function levelLoad(level: LoadLevel): number {
  return level.kind === "concurrency" ? level.concurrency : level.ratePerSecond;
}
