import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const config: ReturnType<typeof defineConfig> = defineConfig({
  // The config lives in .config/; paths are the repository's.
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["spec/**/*.spec.ts"],
    setupFiles: ["spec/support/setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
  },
});

export default config;
