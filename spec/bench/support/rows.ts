import type { ClientName } from "../clients/bench-client.ts";
import type { Sizes } from "./sizes.ts";
import { median, type Spread, spread } from "./stats.ts";
import type { TaskId } from "./tasks.ts";

/** How a row compares a client with raw: a ratio (CPU, wall, memory) or a difference (delay, import). */
export type Comparison = "ratio" | "delta";

/** One client's figure in one row. */
export interface Cell {
  /** The figure of each round, `null` where the round did not measure it. */
  readonly perRound: readonly (number | null)[];
  /** The figure itself: the median of the rounds' figures. */
  readonly value: number;
  /** Per-round ratios to raw, or differences from raw (absent for raw itself). */
  readonly comparedToRaw?: Spread;
  /** Why there is no figure, when there is none. */
  readonly missing?: string;
}

/** One row of the table. */
export interface Row {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly comparison: Comparison;
  readonly cells: Readonly<Partial<Record<ClientName, Cell>>>;
}

/** Every figure of a run: figures[task][client][figure][round], `null` where a round did not measure it. */
export type FigureTable = Map<TaskId, Map<ClientName, Map<string, (number | null)[]>>>;

/** What one row shows: which figure of which task, and how it is compared with raw. */
export interface RowSpec {
  readonly id: string;
  readonly label: string;
  readonly task: TaskId;
  readonly figure: string;
  readonly unit: string;
  readonly comparison: Comparison;
}

const count = (value: number): string => value.toLocaleString("en-US");

/** The rows of the table, labelled with the sizes of the run (the targets are in `targets.ts`). */
export function rowSpecs(sizes: Sizes): readonly RowSpec[] {
  const events = `Stream of ${count(sizes.streamChunks)} chunks, one HTTP chunk per event`;
  const batched = `Stream of ${count(sizes.batchedStreamChunks)} chunks in 64 KiB HTTP chunks`;
  return [
    {
      id: "stream_cpu",
      label: `${events}: CPU`,
      task: "stream",
      figure: "cpuMs",
      unit: "ms",
      comparison: "ratio",
    },
    {
      id: "stream_wall",
      label: `${events}: wall`,
      task: "stream",
      figure: "wallMs",
      unit: "ms",
      comparison: "ratio",
    },
    {
      id: "stream64KiB_cpu",
      label: `${batched}: CPU`,
      task: "stream64KiB",
      figure: "cpuMs",
      unit: "ms",
      comparison: "ratio",
    },
    {
      id: "stream64KiB_wall",
      label: `${batched}: wall`,
      task: "stream64KiB",
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
 * The per-round ratios (or differences) of one client's figures to another's, over the rounds where both
 * were measured.
 */
export function compareRounds(
  figures: readonly (number | null)[],
  against: readonly (number | null)[],
  comparison: Comparison,
): number[] {
  const compared: number[] = [];
  figures.forEach((figure, round) => {
    const base = against[round];
    if (figure === null || base === null || base === undefined) return;
    compared.push(comparison === "ratio" ? figure / base : figure - base);
  });
  return compared;
}

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
    const compared =
      client === "raw" || raw === undefined ? [] : compareRounds(perRound, raw, spec.comparison);
    cells[client] = {
      perRound,
      value,
      ...(compared.length === 0 ? {} : { comparedToRaw: spread(compared) }),
    };
  }
  const { task: _task, figure: _figure, ...row } = spec;
  return { ...row, cells };
}
