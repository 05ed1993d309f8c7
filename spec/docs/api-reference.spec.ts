import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repo, runScript } from "./run-script.ts";

// `npm run docs`: TypeDoc over the JSDoc of the entry points (`chatwire`, `chatwire/testing`, `chatwire/otel`), with its
// validation on and warnings as errors, so an export without JSDoc, a broken {@link} or an exported type
// that names an unexported one fails here. Written to a temporary folder; `npm run docs` writes to
// node_modules/.cache/chatwire-docs.

describe("the API reference", () => {
  const out = mkdtempSync(join(tmpdir(), "chatwire-docs-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("builds from the JSDoc without a warning, one page per export", async () => {
    const run = await runScript(
      process.execPath,
      [join(repo, "node_modules/typedoc/bin/typedoc"), "--options", ".config/typedoc.json", "--out", out],
      { timeoutMs: 60_000, env: { ...process.env, NO_COLOR: "1" } as Record<string, string> },
    );
    // TypeDoc reports on stderr, coloured; npm's own warnings are not its.
    const warnings = stripVTControlCharacters(`${run.stdout}\n${run.stderr}`)
      .split("\n")
      .filter((line) => /\[(warning|error)\]/.test(line));
    expect({ code: run.code, warnings }).toStrictEqual({ code: 0, warnings: [] });
    for (const page of [
      "functions/chatwire.newClient.html",
      "functions/chatwire.newChatCompletionRequest.html",
      "functions/chatwire.collectStream.html",
      "functions/chatwire_testing.replayTraffic.html",
      "functions/chatwire_otel.withTelemetry.html",
    ]) {
      expect(existsSync(join(out, page)), page).toBe(true);
    }
    expect(readFileSync(join(out, "functions/chatwire.newClient.html"), "utf8")).toContain(
      "Creates a client.",
    );
  }, 70_000);

  it("opens on the README and lists the exports by topic, text completions last", () => {
    const landing = readFileSync(join(out, "index.html"), "utf8");
    expect(landing).toContain('id="quick-start"');
    const main = readFileSync(join(out, "modules/chatwire.html"), "utf8");
    const sections = [...main.matchAll(/data-key="section-([^"]+)"/g)].map((match) => match[1]);
    // The page repeats its sections in the side navigation: the first run is the page's own order.
    expect(sections.slice(0, sections.indexOf("Text completions") + 1)).toStrictEqual([
      "Client",
      "Requests",
      "Messages",
      "Streaming",
      "Results and errors",
      "Structured output",
      "Tools",
      "Providers and routing",
      "Timing",
      "Text completions",
    ]);
    expect(main).not.toContain("section-Other");
    const requests = main.slice(
      main.indexOf('data-key="section-Requests"'),
      main.indexOf('data-key="section-Messages"'),
    );
    expect(requests).toContain("newChatCompletionRequest");
    expect(requests).not.toContain("newCompletionRequest");
  });
});
