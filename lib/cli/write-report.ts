import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ResultAsync } from "neverthrow";
import type { BenchReport } from "./bench-report.ts";
import { htmlReport, loadChartLibrary } from "./html-report.ts";
import type { RequestSample } from "./request-sample.ts";
import { markdownReport } from "./text-report.ts";

/** The files `--out` writes, by name. */
export const reportFiles = {
  samples: "samples.jsonl",
  summaryJson: "summary.json",
  summaryMarkdown: "summary.md",
  html: "report.html",
} as const;

/**
 * Writes the raw samples (JSONL, one request a line), the summary (JSON and Markdown) and the HTML report
 * into `folder`, created if needed. Gives the paths written, or why it could not.
 */
export function writeReport(
  folder: string,
  report: BenchReport,
  samples: readonly RequestSample[],
): ResultAsync<readonly string[], string> {
  const write = (name: string, text: string): ResultAsync<string, string> =>
    ResultAsync.fromPromise(
      writeFile(join(folder, name), text, "utf8"),
      (error) =>
        `cannot write ${join(folder, name)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    ).map(() => join(folder, name));
  const jsonl = samples.map((sample) => JSON.stringify(sample)).join("\n");
  return ResultAsync.fromPromise(
    mkdir(folder, { recursive: true }),
    (error) => `cannot create ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
  )
    .andThen(() => write(reportFiles.samples, jsonl === "" ? "" : `${jsonl}\n`))
    .andThen(() => write(reportFiles.summaryJson, `${JSON.stringify(report, null, 2)}\n`))
    .andThen(() => write(reportFiles.summaryMarkdown, markdownReport(report)))
    .andThen(() => loadChartLibrary())
    .andThen((charts) => write(reportFiles.html, htmlReport(report, samples, charts)))
    .map(() => Object.values(reportFiles).map((name) => join(folder, name)));
}
