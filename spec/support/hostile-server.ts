// A real HTTP server on 127.0.0.1 that misbehaves on purpose, one scenario per path or model name, so the
// tests can prove chatwire's behaviour against every failure a model API, a proxy or a network can produce.
// Every scenario is bounded in time (`maxScenarioMs`) and bytes (`maxEndlessBytes`), and stops as soon as
// the client goes away; the test observes what the server saw through `requests` and `replies`.

import { createServer, type IncomingMessage } from "node:http";
import { hostileCompletion } from "./hostile-answers.ts";
import { type HostileScenario, handlerOf } from "./hostile-scenarios.ts";
import {
  type Context,
  type HostileLimits,
  json,
  jsonHeaders,
  type ReplyRecord,
  send,
} from "./hostile-writes.ts";
import { closeServer, listenOnLoopback } from "./loopback.ts";

export * from "./hostile-answers.ts";
export { type HostileScenario, hostileScenarios } from "./hostile-scenarios.ts";
export type { HostileLimits, ReplyRecord } from "./hostile-writes.ts";

/** A request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly scenario: string;
  /** Header names lower-cased, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** A second server on another port (another origin): the target of cross-origin redirects. */
export interface WitnessServer {
  readonly origin: string;
  readonly requests: readonly SeenRequest[];
}

/** A running hostile server. */
export interface HostileServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The base URL that selects a scenario by path: `<origin>/s/<scenario>/v1`; without one, `<origin>/v1` (the model name decides). */
  readonly baseUrl: (scenario?: HostileScenario) => string;
  readonly requests: readonly SeenRequest[];
  readonly replies: readonly ReplyRecord[];
  /** How many TCP connections were opened, and how many are closed now. */
  readonly connections: () => { readonly opened: number; readonly closed: number };
  readonly witness: WitnessServer;
  /** Waits (at most `timeoutMs`) until reply `index` exists and is settled; rejects otherwise. */
  readonly settledReply: (index: number, timeoutMs?: number) => Promise<ReplyRecord>;
  /** Forgets requests, replies and the per-scenario attempt counts. */
  readonly reset: () => void;
  readonly close: () => Promise<void>;
}

const defaultLimits: HostileLimits = {
  maxScenarioMs: 15_000,
  maxEndlessBytes: 64 * 1024 * 1024,
  slowHeadersMs: 10_000,
};

/** Reads a request body, at most 1 MiB. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 1024 * 1024) chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function scenarioOf(path: string, body: string): { scenario: string; isStream: boolean } {
  const parsed = ((): { model?: unknown; stream?: unknown } => {
    try {
      const value: unknown = JSON.parse(body);
      return typeof value === "object" && value !== null ? value : {};
    } catch {
      return {};
    }
  })();
  const fromPath = /^\/s\/([^/]+)\//.exec(path)?.[1];
  const fromModel = typeof parsed.model === "string" ? parsed.model : undefined;
  return { scenario: fromPath ?? fromModel ?? "ok", isStream: parsed.stream === true };
}

/**
 * Starts a hostile server on 127.0.0.1 (a free port) and its witness (another origin). Close both with
 * `close()` after the tests.
 *
 * @example
 * ```ts
 * const server = await startHostileServer();
 * const client = newClient(withBaseUrl(server.baseUrl("rate-limited-then-ok")), withApiKey("sk-test"));
 * ```
 */
export async function startHostileServer(overrides: Partial<HostileLimits> = {}): Promise<HostileServer> {
  const limits = { ...defaultLimits, ...overrides };
  const requests: SeenRequest[] = [];
  const replies: ReplyRecord[] = [];
  const attempts = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const witnessRequests: SeenRequest[] = [];
  let opened = 0;
  let closedConnections = 0;

  const witness = createServer(async (req, res) => {
    const body = await readBody(req);
    witnessRequests.push({
      method: req.method ?? "",
      path: req.url ?? "",
      scenario: "witness",
      headers: req.headers,
      body,
    });
    res.writeHead(200, jsonHeaders).end(json(hostileCompletion));
  });
  const witnessOrigin = await listenOnLoopback(witness);

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? "";
    const { scenario, isStream } = scenarioOf(path, body);
    requests.push({ method: req.method ?? "", path, scenario, headers: req.headers, body });
    const attempt = attempts.get(scenario) ?? 0;
    attempts.set(scenario, attempt + 1);
    let settle: (record: ReplyRecord) => void = () => undefined;
    const record: ReplyRecord = {
      scenario,
      bytesWritten: 0,
      state: "open",
      settled: new Promise((resolve) => {
        settle = resolve;
      }),
    };
    replies.push(record);
    let isClosed = false;
    res.on("close", () => {
      isClosed = true;
      if (record.state === "open") record.state = res.writableFinished ? "finished" : "client-closed";
      settle(record);
    });
    const ctx: Context = {
      req,
      res,
      record,
      attempt,
      isStream,
      body,
      limits,
      witnessOrigin,
      closed: () => isClosed || res.destroyed,
      wait: (ms) =>
        new Promise((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            timers.delete(timer);
            res.off("close", done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(ms, limits.maxScenarioMs));
          timers.add(timer);
          res.once("close", done);
        }),
    };
    const handler = handlerOf(scenario);
    if (handler === undefined) {
      send(ctx, 404, jsonHeaders, json({ error: { message: `unknown hostile scenario ${scenario}` } }));
      return;
    }
    await handler(ctx);
  });
  server.on("connection", (socket) => {
    opened++;
    socket.on("close", () => {
      closedConnections++;
    });
  });
  const origin = await listenOnLoopback(server);

  return {
    origin,
    baseUrl: (scenario) => (scenario === undefined ? `${origin}/v1` : `${origin}/s/${scenario}/v1`),
    requests,
    replies,
    connections: () => ({ opened, closed: closedConnections }),
    witness: { origin: witnessOrigin, requests: witnessRequests },
    settledReply: async (index, timeoutMs = 5_000) => {
      const until = Date.now() + timeoutMs;
      while (replies[index] === undefined && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const reply = replies[index];
      if (reply === undefined) throw new Error(`no reply ${index} within ${timeoutMs} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`reply ${index} still open after ${timeoutMs} ms`)),
          Math.max(0, until - Date.now()),
        );
      });
      return Promise.race([reply.settled, timedOut]).finally(() => clearTimeout(timer));
    },
    reset: () => {
      requests.length = 0;
      replies.length = 0;
      witnessRequests.length = 0;
      attempts.clear();
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([closeServer(server), closeServer(witness)]);
    },
  };
}
