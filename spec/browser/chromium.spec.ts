import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, repo } from "../docs/run-script.ts";
import { expectedSmokeReport } from "../runtimes/expected-smoke.ts";
import { type LoopbackServer, startRecordedServer, startStaticServer } from "../runtimes/loopback-server.ts";

// The built ESM package (dist/index.js as published, its dependencies' own ESM builds mapped by an import
// map) in real headless Chromium: a page from one loopback origin calls an OpenAI-compatible server on
// another, with CORS, and streams from it. Runs when Debian's chromium is installed (.ci/run installs it).

const executablePath = "/usr/bin/chromium";
const hasChromium = existsSync(executablePath);
if (!hasChromium) {
  console.log(`spec/browser: skipped, ${executablePath} is missing (apt-get install -y chromium)`);
}

/** The ESM entry of a dependency, as a browser import map needs it: the `import` (or `default`) export. */
function esmEntry(name: string): string {
  const manifest = JSON.parse(readFileSync(join(repo, "node_modules", name, "package.json"), "utf8"));
  const root = manifest.exports?.["."] ?? manifest.exports;
  const pick = (target: unknown): string | undefined =>
    typeof target === "string"
      ? target
      : typeof target === "object" && target !== null
        ? pick((target as Record<string, unknown>).import ?? (target as Record<string, unknown>).default)
        : undefined;
  const entry = pick(root) ?? manifest.module ?? manifest.main;
  return `/node_modules/${name}/${String(entry).replace(/^\.\//, "")}`;
}

/** The bare imports of dist/ and of the dependencies it loads: the package's runtime dependencies. */
const dependencies = Object.keys(
  JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).dependencies as Record<string, string>,
);

function page(apiBaseUrl: string): string {
  const importMap = { imports: Object.fromEntries(dependencies.map((name) => [name, esmEntry(name)])) };
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>chatwire in Chromium</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
  import * as chatwire from "/dist/index.js";
  import { smoke } from "/smoke.js";
  smoke(chatwire, ${JSON.stringify(apiBaseUrl)}).then(
    (report) => { window.smokeReport = report; },
    (error) => { window.smokeReport = { crashed: String(error && error.stack || error) }; },
  );
</script></head><body></body></html>`;
}

describe.skipIf(!hasChromium)("the built package in headless Chromium", () => {
  let api: LoopbackServer;
  let site: LoopbackServer;
  let context: BrowserContext;
  const userDataDir = mkdtempSync(join(tmpdir(), "chatwire-chromium-"));
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    api = await startRecordedServer({ paced: true });
    const smokeJs = transformSync(readFileSync(join(repo, "spec/runtimes/smoke.ts"), "utf8"), {
      loader: "ts",
      format: "esm",
    }).code;
    site = await startStaticServer(
      { "/": page(api.baseUrl), "/smoke.js": smokeJs, "/favicon.ico": "" },
      repo,
      ["/dist/", "/node_modules/"],
    );
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      timeout: 30_000,
    });
  }, 130_000);

  afterAll(async () => {
    await context?.close();
    await site?.close();
    await api?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it("calls, streams, aborts and reports errors across origins, as in Node", async () => {
    const tab = await context.newPage();
    const failedResponses: string[] = [];
    tab.on("pageerror", (error) => pageErrors.push(error.message));
    tab.on("response", (response) => {
      if (response.status() >= 400)
        failedResponses.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await tab.goto(`${site.origin}/`, { timeout: 15_000 });
    await tab.waitForFunction(
      () => (window as { smokeReport?: unknown }).smokeReport !== undefined,
      undefined,
      {
        timeout: 15_000,
      },
    );
    const report = await tab.evaluate(() => (window as { smokeReport?: unknown }).smokeReport);
    expect(report).toStrictEqual(expectedSmokeReport());
    expect(pageErrors).toStrictEqual([]);
    // The one failure is the deliberate one: the recorded context-overflow 400.
    expect(failedResponses).toStrictEqual(["400 /v1/chat/completions"]);
    // The page and the API are two origins: the browser sent the CORS preflight the JSON POST needs.
    expect(site.origin).not.toBe(api.origin);
    expect(api.seen.filter(({ method }) => method === "OPTIONS").length).toBeGreaterThan(0);
    await tab.close();
  }, 40_000);
});
