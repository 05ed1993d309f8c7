import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { reportPrefix, type WorkerJob, type WorkerReport } from "./tasks.ts";

const workerPath = fileURLToPath(new URL("../worker.ts", import.meta.url));

/**
 * Runs one job in a fresh worker process and returns its report. Never rejects. `nodeFlags` go to that
 * process (the runner's `--profile DIR` passes `--cpu-prof`).
 */
export function runWorker(job: WorkerJob, nodeFlags: readonly string[] = []): Promise<WorkerReport> {
  return runWorkerScript(workerPath, [JSON.stringify(job)], nodeFlags) as Promise<WorkerReport>;
}

/**
 * Runs a script in a fresh process with `--expose-gc` and returns the JSON of its `BENCH_REPORT` line, or
 * `{ ok: false, failed }` when there is none. Never rejects.
 */
export function runWorkerScript(
  script: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): Promise<unknown> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--expose-gc", ...nodeFlags, script, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (text: string) => {
      output += text;
    });
    child.on("error", (error) =>
      resolve({ ok: false, failed: `could not start the worker: ${error.message}` }),
    );
    child.on("close", (code) => {
      const line = output.split("\n").find((text) => text.startsWith(reportPrefix));
      if (line !== undefined) resolve(JSON.parse(line.slice(reportPrefix.length)));
      else resolve({ ok: false, failed: `the worker exited with code ${code} without a report` });
    });
  });
}
