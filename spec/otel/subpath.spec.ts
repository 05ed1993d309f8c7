// chatwire/otel is a subpath of its own: the core build never reaches @opentelemetry/api, which stays an
// optional peer dependency; only the otel entry imports it.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ensureBuilt, repo } from "../docs/run-script.ts";

beforeAll(ensureBuilt, 130_000);

/** Every module a built entry loads: itself and the chunks it imports, transitively; bare imports apart. */
function importGraph(entry: string): {
  readonly files: readonly string[];
  readonly packages: ReadonlySet<string>;
} {
  const files: string[] = [];
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.includes(file)) return;
    files.push(file);
    const code = readFileSync(file, "utf8");
    for (const [, specifier] of code.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^"'\n]*?from\s*["']([^"']+)["']/g,
    )) {
      if (specifier === undefined) continue;
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(join(repo, entry));
  return { files, packages };
}

describe("the chatwire/otel subpath", () => {
  test.each(["dist/index.js", "dist/testing/index.js", "dist/redis/index.js"])(
    "%s and the chunks it imports never import @opentelemetry",
    (entry) => {
      const { files, packages } = importGraph(entry);
      expect(files.length).toBeGreaterThan(0);
      expect([...packages].filter((name) => name.startsWith("@opentelemetry"))).toStrictEqual([]);
      for (const file of files) expect(readFileSync(file, "utf8")).not.toContain("@opentelemetry");
    },
  );

  test.each(["dist/otel/index.js"])("%s imports only the API package of OpenTelemetry", (entry) => {
    const { packages } = importGraph(entry);
    expect([...packages].filter((name) => name.startsWith("@opentelemetry"))).toStrictEqual([
      "@opentelemetry/api",
    ]);
  });

  test("package.json: ./otel is exported, @opentelemetry/api an optional peer dependency with a wide range", () => {
    const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
    expect(manifest.exports["./otel"]).toStrictEqual({
      types: "./dist/otel/index.d.ts",
      default: "./dist/otel/index.js",
    });
    expect(manifest.peerDependencies["@opentelemetry/api"]).toBe("^1.9.0");
    expect(manifest.peerDependenciesMeta["@opentelemetry/api"]).toStrictEqual({ optional: true });
    expect(manifest.dependencies["@opentelemetry/api"]).toBeUndefined();
  });
});
