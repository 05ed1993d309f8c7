import { fileURLToPath } from "node:url";
import { defineConfig, type UserConfig } from "tsdown";

const shared = {
  // The config lives in .config/; paths are the repository's.
  cwd: fileURLToPath(new URL("..", import.meta.url)),
  format: "esm",
  target: "es2023",
  sourcemap: true,
  // Node built-ins (chatwire/testing writes files) stay imports on the neutral platform; ky and the other
  // dependencies stay imports too, resolved by the user's package manager.
  deps: { neverBundle: [/^node:/] },
} satisfies UserConfig;

const config: ReturnType<typeof defineConfig> = defineConfig([
  {
    ...shared,
    // chatwire/testing, chatwire/redis and chatwire/otel are entries of their own, so that the main bundle
    // never carries the recorder, the Redis store or the telemetry.
    entry: ["lib/index.ts", "lib/testing/index.ts", "lib/redis/index.ts", "lib/otel/index.ts"],
    platform: "neutral",
    dts: true,
    outDir: "dist",
    clean: ["dist/*", "!dist/cli"],
  },
  // dist/cli/: the `chatwire` command (bin), built on its own so that the SDK's bundles stay as they are;
  // its libraries (commander, log-update, uplot) stay imports, loaded only by the command.
  {
    ...shared,
    entry: ["lib/cli/main.ts"],
    outDir: "dist/cli",
    platform: "node",
    fixedExtension: false,
    dts: false,
    clean: true,
  },
]);

export default config;
