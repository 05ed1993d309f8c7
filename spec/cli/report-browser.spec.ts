import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, expect, it } from "vitest";
import { runBench } from "../../lib/cli/bench.ts";
import { newCollector, startPacedServer } from "./support/paced-server.ts";

// The HTML report of `chatwire bench`, opened from disk in headless Chromium with the network cut: every
// plot is drawn, by the inlined chart library, without a script error or a request. Runs when Debian's
// chromium is installed (apt-get install -y chromium), as spec/browser does.

const executablePath = "/usr/bin/chromium";
const folder = mkdtempSync(join(tmpdir(), "chatwire-bench-html-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it.runIf(existsSync(executablePath))(
  "the HTML report draws its eight plots offline",
  async () => {
    const server = await startPacedServer(() => ({
      kind: "stream",
      firstTokenMs: 30,
      chunkIntervalMs: 5,
      tokens: 4,
      usage: true,
    }));
    const args = [
      "bench",
      "--base-url",
      server.baseUrl,
      "--model",
      "m",
      "--concurrency",
      "1,2",
      "--requests",
      "3",
    ];
    const code = await runBench([...args, "--out", folder], {
      stdout: newCollector(),
      stderr: newCollector(),
    });
    await server.close();
    expect(code).toBe(0);
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) problems.push(`request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(join(folder, "report.html")).href);
    await page.waitForFunction(() => document.querySelectorAll(".plot canvas").length === 8, undefined, {
      timeout: 10_000,
    });
    const titles = await page.locator(".u-title").allTextContents();
    const legends = await page.locator(".plot").first().locator(".u-legend .u-label").allTextContents();
    await browser.close();
    expect(problems).toStrictEqual([]);
    expect(titles).toStrictEqual([
      "Time to first token: CDF",
      "Time per output token: CDF",
      "Inter-token latency: CDF",
      "End-to-end latency: CDF",
      "TTFT against load",
      "TPOT against load",
      "Request throughput against load",
      "Output-token throughput against load",
    ]);
    expect(legends).toStrictEqual(["ms", "concurrency 1", "concurrency 2"]);
  },
  30_000,
);
