// Runs the smoke test in this runtime and prints its report as one JSON line:
//   <bun | deno run -A | node> spec/runtimes/smoke-main.ts <URL of dist/index.js> <base URL of the server>
import process from "node:process";
import { smoke } from "./smoke.ts";

const [moduleUrl, baseUrl] = process.argv.slice(2);
if (moduleUrl === undefined || baseUrl === undefined) {
  console.error("usage: smoke-main.ts <URL of dist/index.js> <base URL of the server>");
  process.exit(2);
}
const chatwire: typeof import("../../lib/index.ts") = await import(moduleUrl);
console.log(JSON.stringify({ runtime: runtimeName(), report: await smoke(chatwire, baseUrl) }));

/** The runtime and its major version: `bun@1`, `deno@2`, `node@22`. */
function runtimeName(): string {
  const global = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  const [name, version] =
    global.Bun !== undefined
      ? ["bun", global.Bun.version]
      : global.Deno !== undefined
        ? ["deno", global.Deno.version.deno]
        : ["node", process.versions.node];
  return `${name}@${version.split(".")[0]}`;
}
