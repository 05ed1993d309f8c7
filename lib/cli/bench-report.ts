import type { LevelSummary } from "./level-summary.ts";
import type { LevelBound } from "./load-shape.ts";
import type { Slo } from "./slo.ts";

/** The whole benchmark's summary: what was run, against what, and each load level's results. */
export interface BenchReport {
  readonly tool: "chatwire bench";
  readonly version: string;
  /** When the benchmark started, ISO 8601. */
  readonly startedAt: string;
  readonly baseUrl: string;
  readonly model: string;
  readonly provider?: string;
  readonly bound: LevelBound;
  readonly warmup: number;
  /** Synthetic prompts (their sizes), or the prompts file. */
  readonly prompts: { readonly inputTokens: number; readonly outputTokens: number; readonly file?: string };
  readonly ignoreEos: boolean;
  readonly slo: Slo;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly seed: number;
  readonly levels: readonly LevelSummary[];
  /** The label of the level where goodput peaked; absent when no request was good. */
  readonly peakGoodputLevel?: string;
  /** True when Ctrl-C stopped the benchmark: the report holds what ran until then. */
  readonly isInterrupted: boolean;
}
