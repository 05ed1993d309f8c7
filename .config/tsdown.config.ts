import { fileURLToPath } from "node:url";
import { defineConfig, type UserConfig } from "tsdown";

const repo = fileURLToPath(new URL("..", import.meta.url));

const shared = {
  // The config lives in .config/; paths are the repository's.
  cwd: repo,
  // chatwire/testing is its own entry, so that the main bundle never carries the recorder.
  entry: ["lib/index.ts", "lib/testing/index.ts", "lib/otel/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2023",
  sourcemap: true,
  // Node built-ins (chatwire/testing writes files) stay imports on the neutral platform.
  deps: { neverBundle: [/^node:/] },
} satisfies UserConfig;

/** Swaps the node:http transport for its fetch-only stand-in: what every runtime but Node gets. */
const fetchOnly = {
  name: "chatwire-fetch-only",
  resolveId(source: string): string | undefined {
    return source === "./node-send.ts" ? `${repo}lib/transport/fetch-only-send.ts` : undefined;
  },
};

const config: ReturnType<typeof defineConfig> = defineConfig([
  // dist/: the `default` export, for browsers, Deno, Bun, workers and bundlers that target them.
  { ...shared, outDir: "dist", dts: true, clean: ["dist/*", "!dist/node"], plugins: [fetchOnly] },
  // dist/node/: the `node` export, which sends through node:http (lib/transport/node-send.ts).
  { ...shared, outDir: "dist/node", dts: false, clean: true },
]);

export default config;
