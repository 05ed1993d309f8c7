import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, ensureBuilt, repo, runScript } from "../docs/run-script.ts";
import { expectedSmokeReport } from "./expected-smoke.ts";
import { type LoopbackServer, startRecordedServer } from "./loopback-server.ts";

// The built ESM package (dist/index.js, as published) in each runtime chatwire supports on the server:
// a plain call, a stream, an abort mid-stream, a server error and a client-side invalid request, against a
// real loopback server answering with recorded llama.cpp traffic at its recorded pace.

const bin = (name: string): string => join(repo, "node_modules/.bin", name);
const node22 = join(repo, "spec/runtimes/node22/node_modules/node/bin/node");
const smokeMain = join(repo, "spec/runtimes/smoke-main.ts");
const distUrl = pathToFileURL(join(repo, "dist/index.js")).href;

/** Each runtime and how it runs a TypeScript file; Deno gets only the network and file reads it needs. */
const runtimes: readonly (readonly [string, string, readonly string[]])[] = [
  ["bun@1", bin("bun"), [smokeMain]],
  ["deno@2", bin("deno"), ["run", "--no-prompt", "--allow-net=127.0.0.1", `--allow-read=${repo}`, smokeMain]],
  // The oldest Node chatwire supports (engines: >= 22), from the `node@22` package.
  ["node@22", node22, ["--disable-warning=ExperimentalWarning", smokeMain]],
];

let server: LoopbackServer;
beforeAll(async () => {
  await ensureBuilt();
  server = await startRecordedServer({ paced: true });
}, 130_000);
afterAll(() => server.close());

describe("the built package in other runtimes", () => {
  it("has each runtime installed from npm (devDependencies)", () => {
    expect(runtimes.map(([, command]) => existsSync(command))).toStrictEqual([true, true, true]);
  });

  it.concurrent.each(runtimes)(
    "%s: a plain call, a stream, an abort and errors",
    async (name, command, args) => {
      const run = await runScript(command, [...args, distUrl, server.baseUrl], {
        env: cleanEnv({ DENO_NO_UPDATE_CHECK: "1" }),
        timeoutMs: 30_000,
      });
      expect({ code: run.code, stderr: run.stderr }).toStrictEqual({ code: 0, stderr: "" });
      expect(JSON.parse(run.stdout)).toStrictEqual({ runtime: name, report: expectedSmokeReport() });
    },
  );
});
