import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** The checks on other runtimes (Node 22's is a script) and in a browser: `npm run test:runtimes`. */
const runtimeSpecs = ["spec/runtimes/**/*.spec.ts", "spec/browser/**/*.spec.ts"];

const config: ReturnType<typeof defineConfig> = defineConfig({
  // The config lives in .config/; paths are the repository's.
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    setupFiles: ["spec/support/setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
    projects: [
      // `npm test`: every spec on the project's Node.
      { extends: true, test: { name: "unit", include: ["spec/**/*.spec.ts"], exclude: runtimeSpecs } },
      { extends: true, test: { name: "runtimes", include: runtimeSpecs } },
    ],
  },
});

export default config;
