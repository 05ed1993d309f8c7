import type { ClientName } from "../clients/bench-client.ts";

/** One measurement a worker process makes, for one client, in one round. */
export type Task =
  | {
      readonly kind: "stream";
      readonly chunks: number;
      readonly warmStreams: number;
      readonly repeats: number;
    }
  | { readonly kind: "sequential"; readonly requests: number; readonly warmRequests: number }
  | {
      readonly kind: "concurrent";
      readonly requests: number;
      readonly concurrency: number;
      readonly warmRequests: number;
    }
  | { readonly kind: "delay"; readonly chunks: number; readonly gapMs: number }
  | { readonly kind: "memory"; readonly streams: number }
  | { readonly kind: "import" };

/** What a worker is asked to do. */
export interface WorkerJob {
  readonly client: ClientName;
  readonly baseUrl: string;
  readonly task: Task;
}

/** What a worker reports: figures by name, or why it could not measure. */
export type WorkerReport =
  | {
      readonly ok: true;
      readonly figures: Readonly<Record<string, number>>;
      readonly samples?: readonly number[];
    }
  | { readonly ok: false; readonly skipped: string }
  | { readonly ok: false; readonly failed: string };

/** The prefix of the one stdout line that carries a worker's report. */
export const reportPrefix = "BENCH_REPORT ";
