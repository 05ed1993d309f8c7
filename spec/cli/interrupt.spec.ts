import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { BenchReport } from "../../lib/cli/bench-report.ts";
import type { RequestSample } from "../../lib/cli/request-sample.ts";
import { repo } from "../docs/run-script.ts";
import { startPacedServer } from "./support/paced-server.ts";

// Ctrl-C, as a user sends it: the `chatwire` command runs in its own process (the source bin, on the
// project's Node) and gets SIGINT mid-run. It must abort the streams in flight, still write the partial
// report, and exit 130 without a stack trace.

const folder = mkdtempSync(join(tmpdir(), "chatwire-bench-sigint-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const waitFor = async (isDone: () => boolean, timeoutMs: number): Promise<void> => {
  const until = performance.now() + timeoutMs;
  while (!isDone() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
};

it("Ctrl-C aborts the streams in flight, writes the partial report and exits 130", async () => {
  // Each answer takes about 1 s (first token at 50 ms, then 20 tokens 50 ms apart): some end, some are cut.
  const server = await startPacedServer(() => ({
    kind: "stream",
    firstTokenMs: 50,
    chunkIntervalMs: 50,
    tokens: 20,
    usage: true,
  }));
  const out = join(folder, "report");
  const child = spawn(
    process.execPath,
    [
      join(repo, "lib/cli/main.ts"),
      "bench",
      "--base-url",
      server.baseUrl,
      "--model",
      "paced",
      "--concurrency",
      "3,6",
      "--requests",
      "1000",
      "--out",
      out,
    ],
    { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data.toString()));
  child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // Past the first three answers, so that some requests have completed and three are in flight.
  await waitFor(() => server.bodies.length >= 6, 15_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.kill("SIGINT");
  const code = await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(() => resolve("hung"), 10_000)),
  ]);
  if (code === "hung") child.kill("SIGKILL");
  await server.close();
  expect(code).toBe(130);
  expect(stderr).toBe("\nstopping: aborting the requests in flight (Ctrl-C again to quit at once)\n");
  expect(stdout).toContain("stopped by Ctrl-C: the figures cover what ran until then");
  // The streams in flight (three, unless one had just ended) were cut by the client; no later level began.
  expect(server.closedEarly()).toBeGreaterThanOrEqual(1);
  expect(server.closedEarly()).toBeLessThanOrEqual(3);
  const report = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as BenchReport;
  expect(report.isInterrupted).toBe(true);
  expect(report.levels).toHaveLength(1);
  expect(report.levels[0]).toMatchObject({ label: "concurrency 3", isInterrupted: true, failed: 0 });
  expect(report.levels[0]?.completed).toBeGreaterThanOrEqual(3);
  const samples = readFileSync(join(out, "samples.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RequestSample);
  expect(samples).toHaveLength(report.levels[0]?.completed ?? -1);
  expect(readFileSync(join(out, "report.html"), "utf8")).toContain("stopped by Ctrl-C");
}, 30_000);
