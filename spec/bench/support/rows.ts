import type { ClientName } from "../clients/bench-client.ts";
import type { Cell, Comparison, Row } from "./report.ts";
import type { Sizes } from "./sizes.ts";
import { median, spread } from "./stats.ts";
import type { Task } from "./tasks.ts";

/** The kind of a task: `stream`, `sequential`, … */
export type TaskKind = Task["kind"];

/** Every figure of a run: figures[task][client][figure][round], `null` where a round did not measure it. */
export type FigureTable = Map<TaskKind, Map<ClientName, Map<string, (number | null)[]>>>;

/** What one row shows: which figure of which task, and how it is compared with raw. */
export interface RowSpec {
  readonly id: string;
  readonly label: string;
  readonly task: TaskKind;
  readonly figure: string;
  readonly unit: string;
  readonly comparison: Comparison;
  readonly target?: number;
}

const count = (value: number): string => value.toLocaleString("en-US");

/** The rows of the table, labelled with the sizes of the run; targets are issue 6's. */
export function rowSpecs(sizes: Sizes): readonly RowSpec[] {
  return [
    {
      id: "stream_cpu",
      label: `Stream of ${count(sizes.streamChunks)} chunks: CPU`,
      task: "stream",
      figure: "cpuMs",
      unit: "ms",
      comparison: "ratio",
      target: 1.3,
    },
    {
      id: "stream_wall",
      label: `Stream of ${count(sizes.streamChunks)} chunks: wall`,
      task: "stream",
      figure: "wallMs",
      unit: "ms",
      comparison: "ratio",
    },
    {
      id: "sequential_cpu",
      label: `${count(sizes.requests)} sequential requests: CPU`,
      task: "sequential",
      figure: "cpuMs",
      unit: "ms",
      comparison: "ratio",
      target: 1.1,
    },
    {
      id: "sequential_wall",
      label: `${count(sizes.requests)} sequential requests: wall`,
      task: "sequential",
      figure: "wallMs",
      unit: "ms",
      comparison: "ratio",
    },
    {
      id: "concurrent_cpu",
      label: `${count(sizes.requests)} requests, ${sizes.concurrency} at a time: CPU`,
      task: "concurrent",
      figure: "cpuMs",
      unit: "ms",
      comparison: "ratio",
      target: 1.1,
    },
    {
      id: "concurrent_wall",
      label: `${count(sizes.requests)} requests, ${sizes.concurrency} at a time: wall`,
      task: "concurrent",
      figure: "wallMs",
      unit: "ms",
      comparison: "ratio",
    },
    {
      id: "delay_median",
      label: `Delivery delay, chunks ${sizes.gapMs} ms apart: median`,
      task: "delay",
      figure: "medianMs",
      unit: "ms",
      comparison: "delta",
      target: 0.1,
    },
    {
      id: "delay_p99",
      label: `Delivery delay, chunks ${sizes.gapMs} ms apart: p99`,
      task: "delay",
      figure: "p99Ms",
      unit: "ms",
      comparison: "delta",
    },
    {
      id: "heap_per_stream",
      label: `Heap per open stream (${count(sizes.openStreams)} open)`,
      task: "memory",
      figure: "heapPerStreamKiB",
      unit: "KiB",
      comparison: "ratio",
      target: 1.2,
    },
    {
      id: "rss_per_stream",
      label: `RSS per open stream (${count(sizes.openStreams)} open)`,
      task: "memory",
      figure: "rssPerStreamKiB",
      unit: "KiB",
      comparison: "ratio",
    },
    {
      id: "import",
      label: "Import, fresh process",
      task: "import",
      figure: "importMs",
      unit: "ms",
      comparison: "delta",
      target: 30,
    },
    {
      id: "first_call",
      label: "Import + first request, fresh process",
      task: "import",
      figure: "firstCallMs",
      unit: "ms",
      comparison: "delta",
    },
  ];
}

const present = (values: readonly (number | null)[]): number[] =>
  values.filter((value): value is number => value !== null);

/**
 * Builds one row from the figures of every round: each client's median, and its per-round ratios to raw
 * (or differences from raw). Delays too take the median of the rounds' own median or p99, so that one
 * stalled round moves the figure as little as it moves a ratio.
 */
export function buildRow(
  spec: RowSpec,
  figures: FigureTable,
  missing: ReadonlyMap<string, string>,
  clients: readonly ClientName[],
): Row {
  const byClient = figures.get(spec.task);
  const raw = byClient?.get("raw")?.get(spec.figure);
  const cells: Partial<Record<ClientName, Cell>> = {};
  for (const client of clients) {
    const perRound = byClient?.get(client)?.get(spec.figure);
    if (perRound === undefined || present(perRound).length === 0) {
      cells[client] = {
        perRound: [],
        value: Number.NaN,
        missing: missing.get(`${spec.task}/${client}`) ?? "not measured",
      };
      continue;
    }
    const value = median(present(perRound));
    const compared: number[] = [];
    if (client !== "raw" && raw !== undefined) {
      perRound.forEach((figure, round) => {
        const floor = raw[round];
        if (figure === null || floor === null || floor === undefined) return;
        compared.push(spec.comparison === "ratio" ? figure / floor : figure - floor);
      });
    }
    cells[client] = {
      perRound,
      value,
      ...(compared.length === 0 ? {} : { comparedToRaw: spread(compared) }),
    };
  }
  const { task: _task, figure: _figure, ...row } = spec;
  return { ...row, cells };
}
