// Sums up `.cpuprofile` files (from `node spec/bench/run.ts --profile DIR`): self time by package and the
// functions that cost the most.
//   node spec/bench/profile-summary.ts FILE.cpuprofile [--top N]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Which package a script belongs to: the part of the stack that pays for it. */
function packageOf(url: string, functionName: string): string {
  if (url === "") return `(${functionName.replace(/[()]/g, "") || "native"})`;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules?.[1] !== undefined) return inModules[1];
  if (url.includes("internal/deps/undici")) return "undici (node fetch)";
  if (url.includes("internal/deps/amaro")) return "amaro (type stripping of the bench's .ts)";
  if (url.startsWith("node:internal/webstreams")) return "node web streams";
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/spec/bench/")) return "bench code";
  if (url.includes("/dist/")) return "chatwire (dist)";
  return url;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" } },
});

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const pkg = packageOf(frame.url, frame.functionName);
    if (pkg === "(idle)") continue;
    totalUs += us;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(node_modules|dist|spec)\//, "$1/")}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const ms = (us: number): string =>
    `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${(totalUs / 1000).toFixed(1)} ms busy (idle left out)\n\nself time by package:`);
  for (const [pkg, us] of [...byPackage].sort((a, b) => b[1] - a[1])) console.log(`${ms(us)}  ${pkg}`);
  console.log("\nfunctions with the most self time:");
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
    console.log(`${ms(us)}  ${name}`);
  }
  console.log("");
}
