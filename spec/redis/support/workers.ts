// Starting worker processes for the multi-process specs: each on the project's Node (type stripping),
// started together once all say `ready`, and read back as the one JSON line each prints last.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

/** A started worker: its process and everything it printed. */
interface Worker {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
}

function spawnWorker(script: string, args: readonly string[]): Worker {
  const child = spawn(
    process.execPath,
    ["--disable-warning=ExperimentalWarning", `${repo}${script}`, ...args],
    { cwd: repo, stdio: ["pipe", "pipe", "pipe"] },
  );
  const worker: Worker = { child, stdout: "", stderr: "" };
  child.stdout?.on("data", (data: Buffer) => {
    worker.stdout += data.toString();
  });
  child.stderr?.on("data", (data: Buffer) => {
    worker.stderr += data.toString();
  });
  return worker;
}

const describe = (worker: Worker): string => `stdout:\n${worker.stdout}\nstderr:\n${worker.stderr}`;

function whenReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (worker.stdout.includes("ready\n")) {
        worker.child.stdout?.off("data", check);
        resolve();
      }
    };
    worker.child.stdout?.on("data", check);
    worker.child.once("exit", (code) =>
      reject(new Error(`a worker exited (${code}) before it was ready\n${describe(worker)}`)),
    );
    check();
  });
}

function whenDone(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const done = (code: number | null): void => {
      const last = worker.stdout.trimEnd().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last));
      else reject(new Error(`a worker failed (${code})\n${describe(worker)}`));
    };
    if (worker.child.exitCode !== null) done(worker.child.exitCode);
    else worker.child.once("exit", done);
  });
}

/**
 * Runs `script` in one process per argument list: starts them all, waits until each printed `ready`,
 * runs `beforeGo`, then sends each a line on stdin at once (running `whileRunning` meanwhile), and resolves with the JSON line each printed last.
 */
export async function runWorkers<T>(
  script: string,
  argsOfEach: readonly (readonly string[])[],
  beforeGo: () => Promise<void> = () => Promise.resolve(),
  whileRunning: () => Promise<void> = () => Promise.resolve(),
): Promise<T[]> {
  const workers = argsOfEach.map((args) => spawnWorker(script, args));
  const killAll = (): void => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
  };
  const ready = await Promise.allSettled(workers.map(whenReady));
  const failed = ready.find((outcome) => outcome.status === "rejected");
  if (failed !== undefined) {
    killAll();
    throw (failed as PromiseRejectedResult).reason;
  }
  await beforeGo();
  for (const worker of workers) worker.child.stdin?.write("go\n");
  const [done] = await Promise.all([Promise.allSettled(workers.map(whenDone)), whileRunning()]);
  killAll();
  return done.map((outcome) => {
    if (outcome.status === "rejected") throw outcome.reason;
    return outcome.value as T;
  });
}
