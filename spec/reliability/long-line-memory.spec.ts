import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, repo, runScript } from "../docs/run-script.ts";

// A server that sends one 70 MiB SSE line: the stream must end with a `decode` error while memory stays
// within the event bound plus a small constant, on the built package and the platform's fetch. The script
// measures each case in a fresh process (heap, external and RSS growth) and exits 1 when a chatwire case
// goes over; it found a decoder that flattened the growing line at every read (48 MiB for a 4 MiB bound).

beforeAll(ensureBuilt, 130_000);

describe("one 70 MiB SSE line", () => {
  it("ends the stream with an error, memory within maxEventBytes plus a small constant", async () => {
    const run = await runScript(
      process.execPath,
      ["--expose-gc", join(repo, "spec/bench/peak-memory-70mib-line.ts"), "--no-build"],
      { timeoutMs: 60_000 },
    );
    const rows = run.stdout.split("\n").filter((line) => line.startsWith("| chatwire"));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row, row).toMatch(/\| pass \|$/);
    expect(run.code).toBe(0);
  }, 70_000);
});
