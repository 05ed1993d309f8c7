import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const distEntry = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** Every function the issue names: a script driving real servers imports `dist/` and looks for these. */
const publicFunctions = [
  "newClient",
  "withBaseUrl",
  "withApiKey",
  "withHeaders",
  "withClientTimeout",
  "withFetch",
  "withClock",
  "newChatCompletionRequest",
  "newChatCompletionStreamRequest",
  "withMaxTokens",
  "withMaxCompletionTokens",
  "withTemperature",
  "withTopP",
  "withN",
  "withStop",
  "withSeed",
  "withFrequencyPenalty",
  "withPresencePenalty",
  "withLogitBias",
  "withLogprobs",
  "withUser",
  "withTools",
  "withToolChoice",
  "withParallelToolCalls",
  "withResponseTextFormat",
  "withResponseJsonObjectFormat",
  "withResponseJsonSchema",
  "withStreaming",
  "withStreamUsage",
  "withTimeout",
  "withExtraBody",
  "newSystemMessage",
  "newUserMessage",
  "newAssistantMessage",
  "newToolMessage",
  "newTextPart",
  "newImagePart",
  "newAudioPart",
  "assistantMessage",
  "isChatwireError",
];

/**
 * A script run in a child Node process: it loads chatwire (`load` is an expression giving the module),
 * reports which public functions are missing, and drives one whole call through a fake fetch.
 */
const probe = (load: string): string => `
(async () => {
  const c = ${load};
  const names = ${JSON.stringify(publicFunctions)};
  const missing = names.filter((name) => typeof c[name] !== "function");
  const fakeFetch = async () => new Response(JSON.stringify({
    id: "chatcmpl-pkg", model: "m", choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }],
  }), { status: 200, headers: { "content-type": "application/json" } });
  const client = c.newClient(c.withBaseUrl("http://127.0.0.1:9/v1"), c.withFetch(fakeFetch));
  const request = c.newChatCompletionRequest("m", [c.newUserMessage("ping")], c.withTools([{ type: "function", function: { name: "f" } }]));
  const result = await client.chatCompletion(request);
  console.log(JSON.stringify({
    node: Number(process.versions.node.split(".")[0]),
    missing,
    chatCompletion: typeof client.chatCompletion,
    listModels: typeof client.listModels,
    finishStop: c.FinishReason && c.FinishReason.stop,
    answer: result.isOk() ? c.assistantMessage(result.value).content : result.error.message,
  }));
})();
`;

const expected = {
  missing: [],
  chatCompletion: "function",
  listModels: "function",
  finishStop: "stop",
  answer: "pong",
};

function runNode(args: readonly string[]): { readonly node: number } & Record<string, unknown> {
  const out = execFileSync(process.execPath, args, { cwd: repo, encoding: "utf8", timeout: 30_000 });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "");
}

beforeAll(() => {
  // `npm test` builds before vitest; run alone, this spec builds dist/ itself.
  if (!existsSync(distEntry))
    execFileSync("npm", ["run", "build"], { cwd: repo, stdio: "pipe", timeout: 120_000 });
}, 130_000);

describe("the built package", () => {
  test("CommonJS: require() of dist/index.js works on the project's Node (require(esm))", () => {
    const { node, ...report } = runNode(["-e", probe(`require(${JSON.stringify(distEntry)})`)]);
    expect(node).toBeGreaterThanOrEqual(22);
    expect(report).toStrictEqual(expected);
  });

  test("CommonJS: require('chatwire') resolves through the package's exports", () => {
    const { node, ...report } = runNode(["-e", probe(`require("chatwire")`)]);
    expect(node).toBeGreaterThanOrEqual(22);
    expect(report).toStrictEqual(expected);
  });

  test("ESM: import('chatwire') resolves through the package's exports", () => {
    const { node, ...report } = runNode(["--input-type=module", "-e", probe(`await import("chatwire")`)]);
    expect(node).toBeGreaterThanOrEqual(22);
    expect(report).toStrictEqual(expected);
  });

  test("Node resolves the one build, which sends through ky (no node:http code)", () => {
    const resolved = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", `console.log(import.meta.resolve("chatwire"))`],
      { cwd: repo, encoding: "utf8", timeout: 30_000 },
    );
    expect(resolved.trim()).toBe(pathToFileURL(distEntry).href);
    const bundle = readFileSync(distEntry, "utf8");
    // ky comes in through one small chunk, loaded on the first request.
    const kyChunk = /import\("(\.\/ky-parts-[\w-]+\.js)"\)/.exec(bundle)?.[1];
    expect(kyChunk).toBeDefined();
    expect(readFileSync(new URL(kyChunk ?? "", pathToFileURL(distEntry)), "utf8")).toMatch(/from "ky"/);
    expect(bundle).not.toContain("getBuiltinModule");
  });

  test("importing chatwire loads no ky (nor the fetch it loads) until the first request", () => {
    const script = `
      const { registerHooks } = await import("node:module");
      const resolved = [];
      registerHooks({ resolve: (specifier, context, next) => (resolved.push(specifier), next(specifier, context)) });
      const c = await import("chatwire");
      const fetch = async () => new Response(JSON.stringify({ id: "x", model: "m", choices: [{ index: 0,
        message: { role: "assistant", content: "pong" }, finish_reason: "stop" }] }));
      const client = c.newClient(c.withBaseUrl("http://127.0.0.1:9/v1"), c.withFetch(fetch));
      const atImport = resolved.includes("ky");
      const result = await client.chatCompletion(c.newChatCompletionRequest("m", [c.newUserMessage("ping")]));
      console.log(JSON.stringify({ atImport, afterRequest: resolved.includes("ky"),
        answer: result.isOk() ? result.value.choices[0].message.content : result.error.message }));
    `;
    expect(runNode(["--input-type=module", "-e", script])).toStrictEqual({
      atImport: false,
      afterRequest: true,
      answer: "pong",
    });
  });

  test("ESM: internals are not reachable through the package name", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import("chatwire/dist/index.js").then(() => console.log("reachable"), (e) => console.log(e.code));`,
      ],
      { cwd: repo, encoding: "utf8", timeout: 30_000 },
    );
    expect(out.trim()).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });
});
