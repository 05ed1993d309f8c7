import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";

// chatwire/redis is a subpath of its own: it resolves through the package's exports, and neither it nor
// the core imports `redis` (an optional peer the caller passes in as a client).

const repo = fileURLToPath(new URL("../../", import.meta.url));
const dist = join(repo, "dist");

/** Every .js file of dist/, with its path from dist/. */
function builtFiles(folder = dist): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return builtFiles(path);
    return entry.name.endsWith(".js") ? [path.slice(dist.length + 1)] : [];
  });
}

beforeAll(() => {
  if (!existsSync(join(dist, "redis", "index.js")))
    execFileSync("npm", ["run", "build"], { cwd: repo, stdio: "pipe", timeout: 120_000 });
}, 130_000);

describe("the chatwire/redis subpath", () => {
  test("resolves through the package's exports and gives newRedisStore", () => {
    const script = `const redis = await import("chatwire/redis");
console.log(JSON.stringify({ resolved: import.meta.resolve("chatwire/redis"), exports: Object.keys(redis) }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: repo,
      encoding: "utf8",
      timeout: 30_000,
    });
    const { resolved, exports } = JSON.parse(out.trim());
    expect(resolved.endsWith("/dist/redis/index.js")).toBe(true);
    expect(exports).toStrictEqual(["newRedisStore"]);
    const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
    expect(manifest.exports["./redis"]).toStrictEqual({
      types: "./dist/redis/index.d.ts",
      default: "./dist/redis/index.js",
    });
    expect(manifest.peerDependenciesMeta.redis).toStrictEqual({ optional: true });
  });

  test("no built file imports redis: the core never, the subpath only uses the client it is given", () => {
    const files = builtFiles();
    expect(files).toContain("index.js");
    expect(files).toContain(join("redis", "index.js"));
    const importingRedis = files.filter((file) =>
      /^import[^;]*from\s*["'](?:redis|@redis\/[^"']+)["']|\bimport\(\s*["'](?:redis|@redis\/)/m.test(
        readFileSync(join(dist, file), "utf8"),
      ),
    );
    expect(importingRedis).toStrictEqual([]);
    // The core entries do not pull the Redis store in either.
    expect(readFileSync(join(dist, "index.js"), "utf8")).not.toContain("EVALSHA");
  });
});
