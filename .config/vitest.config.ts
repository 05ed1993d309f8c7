import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The slow checks, `npm run test:slow` (CI runs it after `npm test`): other runtimes (Node 22's is a
 * script) and a browser, and the four-process Redis spec, which spends about 40 s on wall-clock budgets
 * and pauses whose slack only holds when nothing else competes for the CPU.
 */
const slowSpecs = [
  "spec/runtimes/**/*.spec.ts",
  "spec/browser/**/*.spec.ts",
  "spec/redis/shared-router.spec.ts",
];

const config: ReturnType<typeof defineConfig> = defineConfig({
  // The config lives in .config/; paths are the repository's.
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    setupFiles: ["spec/support/setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
    projects: [
      // `npm test`: every other spec on the project's Node, two files at a time (vitest's default is one
      // worker fewer than the cores: one on a 2-core machine). The files share a worker's modules instead of
      // importing them again each (isolate: false); each restores what it changes (env, timers, nock).
      {
        extends: true,
        test: {
          name: "unit",
          include: ["spec/**/*.spec.ts"],
          exclude: slowSpecs,
          maxWorkers: 2,
          isolate: false,
        },
      },
      // One file at a time: each starts processes (runtimes, a browser, four routers) and some count time.
      {
        extends: true,
        test: { name: "slow", include: slowSpecs, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});

export default config;
