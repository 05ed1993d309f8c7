// Shared by the reliability specs: one hostile server per spec file, and clients pointed at its scenarios.
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import {
  type AttemptRecord,
  type ChatCompletionRequest,
  type Client,
  type ClientOption,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withMaxRetryDelay,
} from "../../lib/index.ts";
import {
  type HostileLimits,
  type HostileScenario,
  type HostileServer,
  startHostileServer,
} from "../support/hostile-server.ts";

/** A key planted to prove it never leaks: it must never appear in an error, its JSON or its inspection. */
export const plantedKey = "sk-hostile-0123456789abcdef";

/** A non-streaming request to the hostile model. */
export const hostileRequest: ChatCompletionRequest = newChatCompletionRequest("hostile-model", [
  newUserMessage("Say hello."),
]);

/**
 * Starts one hostile server for the spec file (closed after it) and forgets what it saw before each test.
 * Returns a getter, since the server exists only once `beforeAll` ran.
 */
export function useHostileServer(limits: Partial<HostileLimits> = {}): () => HostileServer {
  let server: HostileServer | undefined;
  beforeAll(async () => {
    server = await startHostileServer(limits);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server?.reset();
  });
  return () => {
    if (server === undefined) throw new Error("the hostile server is not running");
    return server;
  };
}

/**
 * A client for one scenario, with the planted key. Retry waits are capped at 5 ms (a longer `Retry-After`
 * is then returned, not waited for) so that retries cost no real time; options given later win.
 */
export function hostileClient(
  server: HostileServer,
  scenario: HostileScenario,
  ...options: ClientOption[]
): Client {
  return newClient(
    withBaseUrl(server.baseUrl(scenario)),
    withApiKey(plantedKey),
    withMaxRetryDelay(5),
    ...options,
  );
}

/** Matches an attempt record, whatever its measured duration. */
export function attempt(record: Omit<AttemptRecord, "durationMs">): AttemptRecord {
  return { durationMs: expect.any(Number) as unknown as number, ...record };
}

/** Polls until `predicate` holds, at most `timeoutMs`; rejects otherwise. */
export async function waitUntil(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
