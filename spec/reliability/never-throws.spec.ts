// "The public API never throws and never rejects", checked over the whole public surface: every function
// that chatwire, chatwire/otel, chatwire/redis and chatwire/testing export is called with what a JavaScript
// caller may hold where its types ask for something else. Each call must return, its promise must not
// reject, its iterator's first step must not reject, and an option it makes must apply to the builders
// without a throw. What comes back is not checked here: the specs of each function do that.
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

test("no exported function throws or rejects, whatever JavaScript hands it", async () => {
  const exported: Readonly<Record<string, unknown>> = { ...core, ...otel, ...redis, ...testing };
  const functions = Object.entries(exported).filter(
    // Classes and constants are not calls.
    (entry): entry is [string, (...args: unknown[]) => unknown] =>
      typeof entry[1] === "function" && /^[a-z]/.test(entry[0]),
  );
  expect(functions.length).toBeGreaterThan(100);
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
  expect(thrown).toStrictEqual([]);
});
