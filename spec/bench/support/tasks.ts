import type { ClientName } from "../clients/bench-client.ts";

/**
 * How the fast stream is cut into HTTP chunks: `event` gives each SSE event its own chunk, as llama.cpp's
 * server and vLLM do (the default, realistic framing); `64KiB` writes the body in 64 KiB pieces, some 250
 * events to a chunk.
 */
export type Framing = "event" | "64KiB";

/** One measurement a worker process makes, for one client, in one round. */
export type Task =
  | {
      readonly kind: "stream";
      readonly framing: Framing;
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

/** What the bench server is asked for (as the model name) for a fast stream of `chunks` content chunks. */
export const streamModel = (framing: Framing, chunks: number): string =>
  framing === "event" ? `events-${chunks}` : `fast-${chunks}`;

/** Names a task in the figures and rows: its kind, and for the 64 KiB stream `stream64KiB`. */
export type TaskId = Task["kind"] | "stream64KiB";

/** The id of a task. */
export const taskId = (task: Task): TaskId =>
  task.kind === "stream" && task.framing === "64KiB" ? "stream64KiB" : task.kind;

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
