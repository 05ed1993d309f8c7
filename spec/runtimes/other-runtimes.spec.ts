import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, ensureBuilt, repo, runScript } from "../docs/run-script.ts";
import { expectedSmokeReport } from "./expected-smoke.ts";
import { type LoopbackServer, startRecordedServer } from "./loopback-server.ts";

// The built ESM package, as published, in each runtime chatwire supports on the server: a plain call, a
// stream, an abort mid-stream, a server error and a client-side invalid request, against a real loopback
// server answering with recorded llama.cpp traffic at its recorded pace. There is one build, which sends
// through ky (fetch) on every runtime.

const bin = (name: string): string => join(repo, "node_modules/.bin", name);
const node22 = join(repo, "spec/runtimes/node22/node_modules/node/bin/node");
const smokeMain = join(repo, "spec/runtimes/smoke-main.ts");
const defaultBuild = pathToFileURL(join(repo, "dist/index.js")).href;
const deno = ["run", "--no-prompt", "--allow-net=127.0.0.1", `--allow-read=${repo}`, smokeMain];

/** Each runtime, how it runs a TypeScript file (Deno gets only the network and file reads it needs), the build. */
const runtimes: readonly (readonly [string, string, readonly string[], string])[] = [
  ["bun@1", bin("bun"), [smokeMain], defaultBuild],
  ["deno@2", bin("deno"), deno, defaultBuild],
  // The oldest Node chatwire supports (engines: >= 22), from the `node@22` package.
  ["node@22", node22, ["--disable-warning=ExperimentalWarning", smokeMain], defaultBuild],
];

let server: LoopbackServer;
beforeAll(async () => {
  await ensureBuilt();
  server = await startRecordedServer({ paced: true });
}, 130_000);
afterAll(() => server.close());

describe("the built package in other runtimes", () => {
  it("has each runtime installed from npm (devDependencies)", () => {
    expect(runtimes.map(([, command]) => existsSync(command))).toStrictEqual(runtimes.map(() => true));
  });

  it.concurrent.each(
    runtimes.map(([name, command, args, build]) => ({
      name,
      command,
      args,
      build,
      dist: "dist",
    })),
  )("$name, $dist: a plain call, a stream, an abort and errors", async ({ name, command, args, build }) => {
    const run = await runScript(command, [...args, build, server.baseUrl], {
      env: cleanEnv({ DENO_NO_UPDATE_CHECK: "1" }),
      timeoutMs: 30_000,
    });
    expect({ code: run.code, stderr: run.stderr }).toStrictEqual({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toStrictEqual({ runtime: name, report: expectedSmokeReport() });
  });
});
