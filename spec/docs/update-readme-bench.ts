// Puts the latest benchmark table (spec/bench/results/latest.md, written by `npm run bench`) into the
// README's Benchmarks section, and the measured core bundle size into its Bundle size table:
//   node spec/docs/update-readme-bench.ts
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCases, bundleSize } from "../bench/support/bundle-size.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const readmePath = join(repo, "README.md");
const readme = readFileSync(readmePath, "utf8");

const start = "The latest full run (`spec/bench/results/latest.md`):\n\n";
const end = "\n\n### Bundle size";
const from = readme.indexOf(start);
const to = readme.indexOf(end, from);
if (from === -1 || to === -1) {
  console.error("README.md: the Benchmarks section is not where this script expects it");
  process.exit(1);
}
const table = readFileSync(join(repo, "spec/bench/results/latest.md"), "utf8").trim();
let updated = `${readme.slice(0, from + start.length)}${table}${readme.slice(to)}`;

const kB = (bytes: number): string => (Math.round(bytes / 100) / 10).toFixed(1);
for (const bundle of bundleCases(join(repo, "dist/index.js")).filter((entry) => entry.variant === "core")) {
  const size = await bundleSize(bundle, repo);
  const gzip = `${kB(size.gzipBytes)} kB`;
  const minified = `(${kB(size.minifiedBytes)} kB minified)`;
  if (bundle.client === "chatwire") {
    updated = updated.replace(
      /(chatwire core bundle[^|\n]*\| )[^|\n]*/,
      `$1**${gzip}** min+gzip ${minified} `,
    );
  }
  if (bundle.client === "openai") {
    updated = updated.replace(/(official `openai` package \| )[^|\n]*/, `$1${gzip} min+gzip ${minified} `);
  }
}
writeFileSync(readmePath, updated);
// The README is formatted by Biome like the code (its tables padded): keep `npm run lint` clean.
spawnSync(join(repo, "node_modules/.bin/biome"), ["format", "--write", readmePath], { stdio: "inherit" });
console.log(
  "README.md: benchmark table and bundle sizes updated (run `npm run build` first for current sizes)",
);
