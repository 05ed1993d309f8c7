// "The public API never throws and never rejects", checked over the whole public surface: every function
// that chatwire, chatwire/otel, chatwire/redis and chatwire/testing export is called with what a JavaScript
// caller may hold where its types ask for something else. Each call must return, its promise must not
// reject, its iterator's first step must not reject, and an option it makes must apply to the builders
// without a throw. What comes back is not checked here: the specs of each function do that.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import * as core from "../../lib/index.ts";
import * as otel from "../../lib/otel/index.ts";
import * as redis from "../../lib/redis/index.ts";
import * as testing from "../../lib/testing/index.ts";

const oddArguments: readonly (readonly unknown[])[] = [
  [],
  [undefined],
  [null],
  [42],
  ["x"],
  [{}],
  [[]],
  [undefined, undefined, undefined],
  [null, null, null],
  ["x", {}],
  [{}, {}],
  ["m", null],
  ["m", [{}]],
];

/** Settles what a call gave back, far enough to see a rejection: its promise, or its first iterator step. */
async function settle(value: unknown): Promise<void> {
  const pending = (promise: PromiseLike<unknown>) =>
    // Bounded, so that a call that waits on something (a timer, a server) does not hold the spec.
    Promise.race([promise, new Promise((resolve) => setTimeout(resolve, 50))]);
  if (typeof (value as PromiseLike<unknown> | null)?.then === "function")
    await pending(value as PromiseLike<unknown>);
  if (typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function") {
    const iterator = (value as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    await pending(iterator.next());
    await iterator.return?.();
  }
}

/** Applies an option a `with...` builder made to every builder that takes options. */
function applyEverywhere(option: unknown): void {
  const loose = option as never;
  core.newChatCompletionRequest("m", [core.newUserMessage("Hi")], loose);
  core.newCompletionRequest("m", "Once", loose);
  core.newClient(loose);
  core.newRouter(loose);
}

beforeAll(() => {
  // No key: no call may reach a real provider, whatever it is given.
  vi.stubEnv("OPENAI_API_KEY", "");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** Calls each function with each list of odd arguments: what threw or rejected, as `name(args): message`. */
async function oddCalls(functions: readonly [string, (...args: unknown[]) => unknown][]): Promise<string[]> {
  const thrown: string[] = [];
  for (const [name, call] of functions) {
    for (const args of oddArguments) {
      const shown = `${name}(${args.map((arg) => JSON.stringify(arg) ?? "undefined").join(", ")})`;
      try {
        const value = call(...args);
        if (typeof value === "function" && name.startsWith("with")) applyEverywhere(value);
        await settle(value);
      } catch (error) {
        thrown.push(`${shown}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return thrown;
}

const callable = (entry: [string, unknown]): entry is [string, (...args: unknown[]) => unknown] =>
  typeof entry[1] === "function" && /^[a-z]/.test(entry[0]);

test("no exported function throws or rejects, whatever JavaScript hands it", async () => {
  const exported: Readonly<Record<string, unknown>> = { ...core, ...otel, ...redis, ...testing };
  // Classes and constants are not calls.
  const functions = Object.entries(exported).filter(callable);
  expect(functions.length).toBeGreaterThan(100);
  const thrown = await oddCalls(functions);
  expect(thrown).toStrictEqual([]);
});

test("nor does any method of what the factories make: clients, routers, stores, limiters, recorders", async () => {
  const folder = mkdtempSync(join(tmpdir(), "chatwire-never-throws-"));
  // Port 9 on loopback refuses at once: a call that reaches the network fails fast.
  const client = core.newClient(
    core.withBaseUrl("http://127.0.0.1:9/v1"),
    core.withApiKey("sk-test"),
    core.withMaxRetries(0),
  );
  const made = {
    client,
    router: core.newRouter(core.withRoute("main", client)),
    store: core.newMemoryStore(),
    limiter: core.newRateLimiter(),
    recorder: testing.recordTraffic(join(folder, "recording.json")),
  };
  const methods = Object.entries(made).flatMap(([owner, object]) =>
    Object.entries(object as object)
      .filter(callable)
      .map(([name, method]): [string, (...args: unknown[]) => unknown] => [
        `${owner}.${name}`,
        (...args) => method.apply(object, args),
      ]),
  );
  expect(methods.length).toBeGreaterThan(10);
  const thrown = await oddCalls(methods);
  rmSync(folder, { recursive: true, force: true });
  expect(thrown).toStrictEqual([]);
});
