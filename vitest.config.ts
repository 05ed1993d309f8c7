import { defineConfig } from "vitest/config";

const config: ReturnType<typeof defineConfig> = defineConfig({
  test: {
    include: ["spec/**/*.spec.ts"],
    setupFiles: ["spec/support/setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
  },
});

export default config;
