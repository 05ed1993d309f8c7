import { fileURLToPath } from "node:url";
import { defineConfig } from "tsdown";

const config: ReturnType<typeof defineConfig> = defineConfig({
  // The config lives in .config/; paths are the repository's.
  cwd: fileURLToPath(new URL("..", import.meta.url)),
  // chatwire/testing is its own entry, so that the main bundle never carries the recorder.
  entry: ["lib/index.ts", "lib/testing/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2023",
  dts: true,
  sourcemap: true,
  clean: true,
  // Node built-ins (chatwire/testing writes files) stay imports on the neutral platform.
  deps: { neverBundle: [/^node:/] },
});

export default config;
