import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newClient,
  newRateLimiter,
  newUserMessage,
  type RateLimiter,
  withApiKey,
  withBaseUrl,
  withMaxRetries,
  withMaxRetryDelay,
  withRateLimiter,
  withTimeout,
} from "../../lib/index.ts";
import { parseResetMs, readRateLimit } from "../../lib/router/rate-limit-headers.ts";
import { answerOf, type ScriptServer, startScriptServer } from "./support/script-server.ts";

const hi = [newUserMessage("Hi")];
const request = newChatCompletionRequest("m", hi);

let servers: ScriptServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

const json = (
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
};

/** Polls (every 5 ms, at most 2 s) until the limiter's state satisfies `check`. */
async function until(
  limiter: RateLimiter,
  check: (state: ReturnType<RateLimiter["state"]>) => boolean,
): Promise<void> {
  for (let waited = 0; !check(limiter.state()); waited += 5) {
    if (waited > 2_000)
      throw new Error(`limiter never reached the state: ${JSON.stringify(limiter.state())}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("rate-limit headers", () => {
  test.each<[string, number | undefined]>([
    ["20ms", 20],
    ["1s", 1_000],
    ["6m0s", 360_000],
    ["2m59.56s", 179_560],
    ["1h", 3_600_000],
    ["30", 30_000],
    ["0.5", 500],
    ["soon", undefined],
    ["", undefined],
  ])("reset %j is %j ms", (value, expected) => {
    expect(parseResetMs(value)).toBe(expected);
  });

  test("epoch seconds and dates count from now", () => {
    expect(parseResetMs("1700000060", 1_700_000_000_000)).toBe(60_000);
    expect(parseResetMs("Tue, 14 Nov 2023 22:14:20 GMT", Date.parse("Tue, 14 Nov 2023 22:14:00 GMT"))).toBe(
      20_000,
    );
  });

  test.each<[string, number, Record<string, string>, ReturnType<typeof readRateLimit>]>([
    ["a 429 with Retry-After", 429, { "retry-after": "2" }, { pauseMs: 2_000, remainingRequests: undefined }],
    [
      "a 429 with retry-after-ms",
      429,
      { "retry-after-ms": "15" },
      { pauseMs: 15, remainingRequests: undefined },
    ],
    ["a bare 429", 429, {}, { pauseMs: 1_000, remainingRequests: undefined }],
    ["a 503 with Retry-After", 503, { "retry-after": "1" }, { pauseMs: 1_000, remainingRequests: undefined }],
    ["a bare 503", 503, {}, { pauseMs: undefined, remainingRequests: undefined }],
    [
      "no requests left",
      200,
      { "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "250ms" },
      { pauseMs: 250, remainingRequests: undefined },
    ],
    [
      "no tokens left",
      200,
      {
        "x-ratelimit-remaining-tokens": "0",
        "x-ratelimit-reset-tokens": "1.5s",
        "x-ratelimit-remaining-requests": "9",
      },
      { pauseMs: 1_500, remainingRequests: { count: 9, resetMs: undefined } },
    ],
    [
      "a few requests left",
      200,
      { "x-ratelimit-remaining-requests": "3", "x-ratelimit-reset-requests": "6m0s" },
      { pauseMs: undefined, remainingRequests: { count: 3, resetMs: 360_000 } },
    ],
  ])("%s", (_, status, headers, expected) => {
    expect(readRateLimit(status, new Headers(headers), 1_000)).toStrictEqual(expected);
  });
});

describe("a rate limiter shared by concurrent calls", () => {
  test("a 429 storm slows the calls down instead of failing them", async () => {
    // A server that serves two requests at a time and answers any more with 429 (retry-after-ms: 10).
    let inFlight = 0;
    let rejected = 0;
    const server = await startScriptServer([
      (res) => {
        if (inFlight >= 2) {
          rejected++;
          json(res, 429, { error: { message: "too many concurrent requests" } }, { "retry-after-ms": "10" });
          return;
        }
        inFlight++;
        setTimeout(() => {
          inFlight--;
          json(res, 200, answerOf("served"));
        }, 30);
      },
    ]);
    servers.push(server);
    const limiter = newRateLimiter({ maxConcurrency: 8 });
    const client = newClient(
      withBaseUrl(server.baseUrl),
      withApiKey("sk-limited"),
      withRateLimiter(limiter),
      withMaxRetries(6),
      withMaxRetryDelay(50),
    );

    const results = await Promise.all(Array.from({ length: 8 }, () => client.chatCompletion(request)));

    expect(results.map((result) => result.isOk())).toStrictEqual(Array(8).fill(true));
    expect(rejected).toBeGreaterThan(0);
    const slowed = results.filter((result) =>
      result._unsafeUnwrap().attempts.some((attempt) => attempt.status === 429),
    );
    expect(slowed.length).toBeGreaterThan(0);
    expect(limiter.state()).toMatchObject({ inFlight: 0, queued: 0 });
    expect(limiter.state().limit).toBeLessThan(8);
  });

  test("a quota at 0 holds the next call until its reset", async () => {
    const server = await startScriptServer([
      (res) =>
        json(res, 200, answerOf("first"), {
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": "60ms",
        }),
      (res) => json(res, 200, answerOf("second")),
    ]);
    servers.push(server);
    const limiter = newRateLimiter();
    const client = newClient(withBaseUrl(server.baseUrl), withApiKey("sk-limited"), withRateLimiter(limiter));

    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(limiter.state().pausedForMs).toBeGreaterThan(0);
    const second = client.chatCompletion(request);
    await until(limiter, (state) => state.queued === 1);
    expect(server.count()).toBe(1);

    expect((await second)._unsafeUnwrap().choices[0]?.message.content).toBe("second");
    expect(server.count()).toBe(2);
  });

  test("queued calls honour their AbortSignal and their timeout, and are never sent", async () => {
    const server = await startScriptServer([
      (res) => json(res, 429, { error: { message: "slow down" } }, { "retry-after": "30" }),
    ]);
    servers.push(server);
    const limiter = newRateLimiter();
    const client = newClient(
      withBaseUrl(server.baseUrl),
      withApiKey("sk-limited"),
      withRateLimiter(limiter),
      withMaxRetries(0),
    );

    const first = await client.chatCompletion(request);
    expect(first._unsafeUnwrapErr()).toMatchObject({ kind: "http", status: 429, retryAfterMs: 30_000 });

    const controller = new AbortController();
    const aborted = client.chatCompletion(request, { signal: controller.signal });
    const timedOut = client.chatCompletion(newChatCompletionRequest("m", hi, withTimeout(40)));
    await until(limiter, (state) => state.queued === 2);
    controller.abort();

    expect((await aborted)._unsafeUnwrapErr().kind).toBe("aborted");
    expect((await timedOut)._unsafeUnwrapErr().kind).toBe("timeout");
    expect(limiter.state()).toMatchObject({ inFlight: 0, queued: 0 });
    expect(server.count()).toBe(1);
  });
});
