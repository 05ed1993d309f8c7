import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleCases, bundleSize, coreBundleCeilingBytes } from "../bench/support/bundle-size.ts";
import { ensureBuilt, repo, runScript } from "./run-script.ts";

// What `npm publish` would ship, checked on the built package: only dist/ and the four top-level files,
// no problem found by publint and @arethetypeswrong/cli, and a core bundle within its budget whose size the
// README states.

beforeAll(ensureBuilt, 130_000);

const env = { ...process.env, NO_COLOR: "1" } as Record<string, string>;

describe("the published package", () => {
  it("holds only dist/, README.md, CHANGELOG.md, LICENSE and package.json", async () => {
    const run = await runScript("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      env,
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(0);
    const [packed] = JSON.parse(run.stdout) as { files: { path: string }[] }[];
    const paths = (packed?.files ?? []).map((file) => file.path).sort();
    expect(paths.filter((path) => !path.startsWith("dist/"))).toStrictEqual([
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "package.json",
    ]);
    expect(paths).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.d.ts",
        "dist/testing/index.js",
        "dist/testing/index.d.ts",
      ]),
    );
  });

  it("passes publint (strict) and @arethetypeswrong/cli (npm run check:package)", async () => {
    const run = await runScript("npm", ["run", "--silent", "check:package"], { env, timeoutMs: 90_000 });
    expect({ code: run.code, stderr: run.stderr.replace(/^npm warn .*\n/gm, "") }).toStrictEqual({
      code: 0,
      stderr: "",
    });
    // publint's verdict; attw exits non-zero on any problem it does not ignore (esm-only profile).
    expect(run.stdout).toContain("All good!");
  }, 100_000);

  it("keeps a core bundle (newClient, newChatCompletionRequest, chatCompletion) under its ceiling, as the README says", async () => {
    const core = bundleCases(join(repo, "dist/index.js")).find(
      (bundle) => bundle.client === "chatwire" && bundle.variant === "core",
    );
    expect(core).toBeDefined();
    const size = await bundleSize(core as NonNullable<typeof core>, repo);
    const readme = readFileSync(join(repo, "README.md"), "utf8");
    const stated = /core bundle[^|\n]*\| \*\*(\d+(?:\.\d)?) kB\*\* min\+gzip/i.exec(readme);
    const measuredKb = Math.round(size.gzipBytes / 100) / 10;
    expect(stated, `the README states the core bundle as "| **${measuredKb} kB** min+gzip"`).not.toBeNull();
    // Within 1 kB: a README that drifts further is out of date.
    expect(
      Math.abs(Number(stated?.[1]) - measuredKb),
      `README: ${stated?.[1]} kB, measured: ${measuredKb} kB (node spec/docs/update-readme-bench.ts updates it)`,
    ).toBeLessThanOrEqual(1);
    // Issue 14's 20 kB target is missed and reported by the bench; this ceiling stops further growth.
    expect(size.gzipBytes, "the core bundle's ceiling").toBeLessThanOrEqual(coreBundleCeilingBytes);
  });
});
