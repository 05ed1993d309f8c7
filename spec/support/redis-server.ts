// A real redis-server (Debian's package) on a free loopback port, without persistence, for the specs of
// chatwire/redis. A spec starts its own in beforeAll and stops it in afterAll. A missing binary is a
// failure with a clear message, never a skip: .ci/run installs it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

/** A running redis-server that a spec can kill and start again on the same port. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  /** Kills it at once (SIGKILL), as a crash would. */
  readonly kill: () => Promise<void>;
  /** Starts it again on the same port, empty. */
  readonly restart: () => Promise<void>;
  /** Stops it (SIGTERM) and waits for it to exit. */
  readonly stop: () => Promise<void>;
}

const candidates = [
  ...(process.env.PATH ?? "")
    .split(delimiter)
    .filter((folder) => folder !== "")
    .map((folder) => join(folder, "redis-server")),
  "/usr/bin/redis-server",
  "/usr/sbin/redis-server",
];

/** Where redis-server is installed, or a clear error saying how to install it. */
export function redisServerBinary(): string {
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined)
    throw new Error(
      "redis-server is not installed (looked on the PATH and in /usr/bin, /usr/sbin): install Debian's " +
        "package with `apt-get install -y redis-server` (.ci/run does so); the chatwire/redis specs need a real Redis",
    );
  return found;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function launch(binary: string, port: number): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start on port ${port} within 10 s:\n${output}`));
    }, 10_000);
    const onData = (data: Buffer): void => {
      output += data.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (data: Buffer) => {
      output += data.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`));
    });
  });
}

const exited = (child: ChildProcess, signal: NodeJS.Signals): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });

/** Starts a redis-server on a free loopback port with no persistence. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerBinary();
  const port = await freePort();
  let child = await launch(binary, port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => exited(child, "SIGKILL"),
    restart: async () => {
      await exited(child, "SIGKILL");
      child = await launch(binary, port);
    },
    stop: () => exited(child, "SIGTERM"),
  };
}
