import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repo } from "../docs/run-script.ts";

// The house has one direction: a file imports only from its own layer or below. Biome's noImportCycles
// (in `npm test`) catches cycles; this catches an import that points up without closing a cycle yet.

/** Each lib/ folder's layer, lowest first; folders on one layer may import each other. */
const layerOf: Readonly<Record<string, number>> = {
  internal: 0,
  errors: 1,
  schema: 2,
  messages: 3,
  request: 3,
  timing: 4,
  transport: 5,
  streaming: 6,
  providers: 7,
  client: 8,
  output: 9,
  tools: 9,
  router: 9,
  testing: 9,
  otel: 10,
  redis: 10,
  cli: 11,
};

const lib = join(repo, "lib");

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(folder, entry.name)]
        : [],
  );
}

/** Every relative import of lib/, as [importing folder, imported folder, file]. */
function imports(): [string, string, string][] {
  const edges: [string, string, string][] = [];
  for (const file of sourceFiles(lib)) {
    const from = relative(lib, file).split("/")[0] ?? "";
    if (from.endsWith(".ts")) continue;
    for (const match of readFileSync(file, "utf8").matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
      const target = relative(lib, resolve(dirname(file), match[1] ?? ""));
      const to = target.split("/")[0] ?? "";
      if (to.endsWith(".ts")) continue;
      edges.push([from, to, relative(repo, file)]);
    }
  }
  return edges;
}

describe("lib/'s layers", () => {
  const edges = imports();

  it("name every folder", () => {
    const folders = readdirSync(lib, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => layerOf[folder] === undefined)).toStrictEqual([]);
  });

  it("point one way: no file imports from a higher layer", () => {
    expect(edges.length).toBeGreaterThan(100);
    const upward = edges
      .filter(([from, to]) => (layerOf[to] ?? 99) > (layerOf[from] ?? -1))
      .map(([from, to, file]) => `${file}: ${from} -> ${to}`);
    expect(upward).toStrictEqual([]);
  });

  it("keep providers/ behind client/: no other folder below the features imports it", () => {
    const reaching = edges
      .filter(([from, to]) => to === "providers" && from !== "providers" && (layerOf[from] ?? 0) <= 8)
      .map(([from]) => from);
    expect([...new Set(reaching)]).toStrictEqual(reaching.length === 0 ? [] : ["client"]);
  });
});
