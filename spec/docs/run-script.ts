// Runs a script in a child process, bounded in time, and gives what it printed.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's root folder, with a trailing slash. */
export const repo: string = fileURLToPath(new URL("../../", import.meta.url));

/** What a finished child process printed, and how it ended. */
export interface ScriptRun {
  /** The exit code; `null` when the process was killed (by the time limit). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a child: the test's own, without any variable naming a server or a key. */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("CHATWIRE_") && name !== "OPENAI_API_KEY") env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

/**
 * Runs `command args` and resolves with its output once it exits or is killed after `timeoutMs`. Never
 * rejects: a failure to start shows as a `null` code and the reason in `stderr`.
 */
export function runScript(
  command: string,
  args: readonly string[],
  options: {
    readonly env?: Record<string, string>;
    readonly timeoutMs: number;
    readonly cwd?: string;
    /** Appended to `args`. */
    readonly args?: readonly string[];
  },
): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args, ...(options.args ?? [])],
      {
        cwd: options.cwd ?? repo,
        env: options.env ?? cleanEnv(),
        timeout: options.timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: 16 * 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({
          code,
          stdout,
          stderr: error !== null && code === null ? `${stderr}${error.message}` : stderr,
        });
      },
    );
  });
}

/** The arguments that run a TypeScript file on this Node (type stripping), without experimental warnings. */
export const nodeTs = (file: string): string[] => ["--disable-warning=ExperimentalWarning", file];

const isBuilt = (): boolean =>
  existsSync(`${repo}dist/index.js`) && existsSync(`${repo}dist/testing/index.js`);

/**
 * Builds dist/ when it is missing: `npm test` builds before vitest, a spec run alone may not have. Spec
 * files run in parallel, so one builds (holding a lock folder) while the others wait for it.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = `${repo}node_modules/.cache/chatwire-build.lock`;
  for (let waitedMs = 0; !isBuilt(); waitedMs += 200) {
    if (waitedMs > 120_000) throw new Error("dist/ is still missing after 120 s");
    // A lock left by a run that was killed mid-build is older than any build takes.
    if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 150_000) rmSync(lock, { recursive: true });
    if (!existsSync(lock)) {
      mkdirSync(`${repo}node_modules/.cache`, { recursive: true });
      if (mkdirOnce(lock)) {
        const built = await runScript("npm", ["run", "build"], {
          timeoutMs: 120_000,
          env: { ...process.env } as Record<string, string>,
        });
        rmSync(lock, { recursive: true, force: true });
        if (built.code !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Creates a folder, telling whether this call created it (false when it already existed). */
function mkdirOnce(path: string): boolean {
  return mkdirSync(path, { recursive: true }) !== undefined;
}
