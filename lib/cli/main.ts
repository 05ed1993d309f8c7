#!/usr/bin/env node
// The `chatwire` command (package.json `bin`). Ctrl-C stops a benchmark cleanly: the requests in flight
// are aborted and the partial report is still written; a second Ctrl-C quits at once.

import { existsSync, readFileSync } from "node:fs";
import { runBench } from "./bench.ts";

/** The package's version, from the package.json above this file (lib/cli/ or dist/cli/). */
function packageVersion(): string {
  for (
    let folder = new URL("./", import.meta.url);
    folder.pathname !== "/";
    folder = new URL("../", folder)
  ) {
    const file = new URL("package.json", folder);
    if (!existsSync(file)) continue;
    const { name, version } = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (name === "chatwire" && typeof version === "string") return version;
  }
  return "unknown";
}

// `chatwire bench ... | head` closes the pipe early: quit quietly, as other commands do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
});

const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(130);
  process.stderr.write("\nstopping: aborting the requests in flight (Ctrl-C again to quit at once)\n");
  interrupt.abort();
});

process.exitCode = await runBench(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interrupt.signal,
  version: packageVersion(),
});
