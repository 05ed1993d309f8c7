import { fileURLToPath } from "node:url";
import { defineConfig } from "tsdown";

const config: ReturnType<typeof defineConfig> = defineConfig({
  // The config lives in .config/; paths are the repository's.
  cwd: fileURLToPath(new URL("..", import.meta.url)),
  // chatwire/testing and chatwire/redis are entries of their own, so that the main bundle never carries
  // the recorder or the Redis store.
  entry: ["lib/index.ts", "lib/testing/index.ts", "lib/redis/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2023",
  sourcemap: true,
  dts: true,
  outDir: "dist",
  clean: true,
  // Node built-ins (chatwire/testing writes files) stay imports on the neutral platform; ky and the other
  // dependencies stay imports too, resolved by the user's package manager.
  deps: { neverBundle: [/^node:/] },
});

export default config;
