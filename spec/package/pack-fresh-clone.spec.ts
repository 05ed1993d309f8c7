import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repo, runScript } from "../docs/run-script.ts";

// A fresh clone has no dist/: `npm pack` (and an install from git, which packs the same way) must build it
// rather than ship a package without code. The clone here is the tracked sources copied to a temporary
// folder, with the repository's node_modules linked in place of an install.

describe("npm pack on a fresh clone", () => {
  const clone = mkdtempSync(join(tmpdir(), "chatwire-clone-"));
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it("builds dist/ first, so the package holds the code", async () => {
    for (const entry of [
      "package.json",
      "tsconfig.json",
      "README.md",
      "CHANGELOG.md",
      "LICENSE",
      "lib",
      ".config",
    ]) {
      cpSync(join(repo, entry), join(clone, entry), { recursive: true });
    }
    symlinkSync(join(repo, "node_modules"), join(clone, "node_modules"), "dir");
    const run = await runScript("npm", ["pack", "--dry-run", "--json"], {
      cwd: clone,
      env: { ...process.env, NO_COLOR: "1" } as Record<string, string>,
      timeoutMs: 120_000,
    });
    expect(run.code).toBe(0);
    // npm prints the build's output before the JSON report.
    const [packed] = JSON.parse(run.stdout.slice(run.stdout.indexOf("\n[") + 1)) as {
      files: { path: string }[];
    }[];
    const paths = (packed?.files ?? []).map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/testing/index.js"]),
    );
  }, 130_000);
});
