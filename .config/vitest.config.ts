import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const config: ReturnType<typeof defineConfig> = defineConfig({
  // The config lives in .config/; paths are the repository's.
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    setupFiles: ["spec/support/setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
    projects: [
      // On Node, chatwire sends through node:http: every spec runs so.
      { extends: true, test: { name: "node:http", include: ["spec/**/*.spec.ts"] } },
      // Elsewhere, or with withFetch, it sends through fetch: the specs of the transport, the streams and
      // the errors run again that way.
      {
        extends: true,
        test: {
          name: "fetch",
          include: [
            "spec/reliability/**/*.spec.ts",
            "spec/streaming/**/*.spec.ts",
            "spec/errors/**/*.spec.ts",
            "spec/client/**/*.spec.ts",
            "spec/transport/**/*.spec.ts",
            "spec/response/**/*.spec.ts",
          ],
          setupFiles: ["spec/support/setup.ts", "spec/support/fetch-runtime.ts"],
        },
      },
    ],
  },
});

export default config;
