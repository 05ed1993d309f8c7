import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackServer, readRecording, startRecordedServer } from "../runtimes/loopback-server.ts";
import { cleanEnv, ensureBuilt, nodeTs, repo, runScript } from "./run-script.ts";

// The README is checked as a user meets it: every ```ts block type-checks with the repository's compiler
// settings against the built package's declarations (what a user's editor sees), the quick start copied as is runs against a real loopback
// server (only its base URL changed), and the sections the issue asks for are there.

const readme = readFileSync(join(repo, "README.md"), "utf8");

/** The README's code blocks of one language, in order, with the heading each falls under. */
function codeBlocks(language: string): { readonly heading: string; readonly code: string }[] {
  const blocks: { heading: string; code: string }[] = [];
  let heading = "";
  const lines = readme.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (line.startsWith("#")) heading = line;
    if (!line.startsWith("```")) continue;
    const end = lines.findIndex((candidate, at) => at > index && candidate.startsWith("```"));
    if (line === `\`\`\`${language}`) blocks.push({ heading, code: lines.slice(index + 1, end).join("\n") });
    index = end;
  }
  return blocks;
}

/** The body of a `##` section, up to the next `##` heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start === -1) return "";
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/**
 * Markdown with its tables' padding removed (Biome formats the README: it pads cells and separators), so
 * that two renderings of one table compare equal.
 */
function normalised(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) =>
      line.startsWith("|")
        ? line
            .split("|")
            .map((cell) => cell.trim().replace(/^-+$/, "---"))
            .join("|")
        : line,
    )
    .join("\n");
}

const tsBlocks = codeBlocks("ts");

/** The commands of the Install section's shell block, comments left out. */
function installCommands(): string[] {
  const install = codeBlocks("sh").find(({ heading }) => heading === "## Install");
  return (install?.code ?? "")
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "");
}

describe("the README", () => {
  it("has the sections a new user looks for, and a guide per capability", () => {
    const headings = readme.split("\n").filter((line) => /^#{2,3} /.test(line));
    expect(headings).toEqual(
      expect.arrayContaining([
        "## Why chatwire",
        "## Install",
        "## Quick start",
        "## Samples",
        "### Requests and options",
        "### Streaming and latency",
        "### Results and errors",
        "### Structured output",
        "### Tools",
        "### Providers and fallbacks",
        "### Reliability settings",
        "### Deterministic latency tests with record/replay",
        "## Benchmark an endpoint: chatwire bench",
        "## Compared with the official SDK",
        "## Benchmarks",
        "## API reference",
        "## Develop",
      ]),
    );
  });

  it("keeps the two set-up commands of the Develop section, exactly", () => {
    expect(section("Develop")).toContain("```sh\nnpm install\nnpm test\n```");
  });

  it("lists every sample, and every sample it lists exists", () => {
    const samples = readdirSync(join(repo, "samples")).filter((name) => /^\d\d-.*\.ts$/.test(name));
    const listed = [...section("Samples").matchAll(/\(samples\/(\d\d-[\w-]+\.ts)\)/g)].map(
      (match) => match[1],
    );
    expect(listed).toStrictEqual(samples.sort());
  });

  it("shows the latest benchmark table, with its date and machine", () => {
    const latest = join(repo, "spec/bench/results/latest.md");
    if (existsSync(latest)) {
      expect(normalised(section("Benchmarks")), "update it: node spec/docs/update-readme-bench.ts").toContain(
        normalised(readFileSync(latest, "utf8").trim()),
      );
    } else {
      expect(section("Benchmarks")).toContain("npm run bench");
    }
  });

  it("names the folder npm run docs writes to, the one .config/typedoc.json sets", () => {
    const config = JSON.parse(readFileSync(join(repo, ".config/typedoc.json"), "utf8"));
    expect(config.out).toBe("../node_modules/.cache/chatwire-docs");
    expect(section("API reference")).toContain("`node_modules/.cache/chatwire-docs/`");
  });
});

describe("the README's TypeScript blocks", () => {
  // Under node_modules/.cache (ignored by git), so that the blocks resolve valibot and @types/node as the
  // repository does; `chatwire` is mapped to the built declarations in dist/.
  const folder = join(repo, "node_modules/.cache", `chatwire-readme-${process.pid}`);
  beforeAll(ensureBuilt, 130_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("set a token limit wherever they send a request, so that no snippet runs on for minutes", () => {
    const unbounded = tsBlocks
      .filter(({ code }) => /new(ChatCompletion|ChatCompletionStream|Completion)Request\(/.test(code))
      .filter(({ code }) => /\b(client|router)\.\w+\(/.test(code))
      .filter(({ code }) => !/withMax(Completion)?Tokens\(/.test(code))
      .map(({ heading }) => heading);
    expect(unbounded).toStrictEqual([]);
  });

  it("are there: one per guide section at least", () => {
    expect(tsBlocks.length).toBeGreaterThanOrEqual(9);
  });

  it("type-check with the repository's compiler settings", async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "package.json"), JSON.stringify({ type: "module" }));
    const files = tsBlocks.map(({ code }, index) => {
      const name = `block-${String(index + 1).padStart(2, "0")}.ts`;
      writeFileSync(join(folder, name), `${code}\n`);
      return name;
    });
    writeFileSync(
      join(folder, "tsconfig.json"),
      JSON.stringify({
        extends: join(repo, "tsconfig.json"),
        compilerOptions: {
          paths: {
            chatwire: [join(repo, "lib/index.ts")],
            "chatwire/testing": [join(repo, "lib/testing/index.ts")],
            "chatwire/redis": [join(repo, "lib/redis/index.ts")],
            "chatwire/otel": [join(repo, "lib/otel/index.ts")],
          },
          typeRoots: [join(repo, "node_modules/@types")],
        },
        include: [],
        files,
      }),
    );
    const run = await runScript(
      process.execPath,
      [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(folder, "tsconfig.json")],
      { timeoutMs: 60_000 },
    );
    // Name each failing block by its heading, so that the README line is easy to find.
    const report = run.stdout.replace(/block-(\d\d)\.ts/g, (_, number: string) => {
      const block = tsBlocks[Number(number) - 1];
      return `README block ${number} (under "${block?.heading}")`;
    });
    expect({ code: run.code, output: report }).toStrictEqual({ code: 0, output: "" });
  }, 70_000);
});

describe("the README's quick start, copied as is", () => {
  let server: LoopbackServer;
  const folder = mkdtempSync(join(tmpdir(), "chatwire-quick-start-"));

  beforeAll(async () => {
    await ensureBuilt();
    server = await startRecordedServer({ paced: true });
    // A user's project as `npm init -y` makes it (npm 11: CommonJS), set up as the Install section says, with
    // chatwire installed in node_modules (here, a link to this repository).
    writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "hello", type: "commonjs" }));
    for (const line of installCommands()) {
      if (line.startsWith("npm install")) continue;
      const [command = "", ...args] = line.split(" ");
      const run = await runScript(command, args, { cwd: folder, timeoutMs: 30_000 });
      expect({ line, code: run.code }).toStrictEqual({ line, code: 0 });
    }
    mkdirSync(join(folder, "node_modules"));
    symlinkSync(repo, join(folder, "node_modules/chatwire"), "dir");
  }, 130_000);

  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("runs on Node, prints the answer, its latency and its token count", async () => {
    const [quickStart] = codeBlocks("ts").filter(({ heading }) => heading === "## Quick start");
    expect(quickStart).toBeDefined();
    const code = quickStart?.code ?? "";
    // The only change: the base URL, from llama-server's default port to the test's loopback server.
    expect(code.split("http://localhost:8080/v1")).toHaveLength(2);
    writeFileSync(join(folder, "hello.ts"), code.replace("http://localhost:8080/v1", server.baseUrl));

    const run = await runScript(process.execPath, nodeTs(join(folder, "hello.ts")), {
      cwd: folder,
      env: cleanEnv(),
      timeoutMs: 30_000,
    });

    const recorded = JSON.parse(readRecording("01-basic-chat").exchanges[0]?.response.body ?? "{}");
    expect({ code: run.code, stderr: run.stderr }).toStrictEqual({ code: 0, stderr: "" });
    const [answer, figures, ...rest] = run.stdout.trimEnd().split("\n");
    expect({ answer, figures, rest }).toStrictEqual({
      answer: recorded.choices[0].message.content,
      figures: expect.stringMatching(new RegExp(`^\\d+ ms, ${recorded.usage.total_tokens} tokens$`)),
      rest: [],
    });
    expect(
      server.seen.map(({ method, path, body }) => ({ method, path, body: JSON.parse(body) })),
    ).toStrictEqual([
      {
        method: "POST",
        path: "/v1/chat/completions",
        body: {
          model: "gpt-4.1-nano",
          messages: [{ role: "user", content: "Say hello in French." }],
          max_tokens: 32,
        },
      },
    ]);
  });
});
