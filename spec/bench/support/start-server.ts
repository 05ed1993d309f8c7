import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** A running bench server. */
export interface BenchServer {
  /** The API root to give a client: `http://127.0.0.1:PORT/v1`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly stop: () => void;
}

const serverPath = fileURLToPath(new URL("../server.ts", import.meta.url));

/**
 * Starts the bench server in a child process and waits for its port. It exits by itself when this process
 * exits (its IPC channel closes) or after `hardLimitMs`.
 */
export async function startServer(hardLimitMs: number): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, [serverPath, String(hardLimitMs)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [message] = (await Promise.race([
    once(child, "message"),
    once(child, "exit").then(() => {
      throw new Error("the bench server exited before it listened");
    }),
  ])) as [{ port: number }];
  const { port } = message;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    stop: () => {
      child.kill();
    },
  };
}
