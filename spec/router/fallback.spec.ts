import nock from "nock";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type ClientOption,
  newChatCompletionRequest,
  newClient,
  newRouter,
  newUserMessage,
  type RouterOption,
  withApiKey,
  withBaseUrl,
  withClock,
  withFallbackModels,
  withFirstByteTimeout,
  withMaxRetries,
  withMaxRetryDelay,
  withRoute,
  withRouterClock,
} from "../../lib/index.ts";
import { fixtureText } from "../providers/support/preset-cases.ts";
import { type HostileServer, hostileText, startHostileServer } from "../support/hostile-server.ts";

const hi = [newUserMessage("Hi")];
const answer = {
  id: "chatcmpl-fallback",
  object: "chat.completion",
  model: "backup-model",
  choices: [
    { index: 0, message: { role: "assistant", content: "from the fallback" }, finish_reason: "stop" },
  ],
};

let now = 0;
const tick = (ms: number): void => {
  now += ms;
};
/** A client on a nock host with the shared fake clock, one retry, and tiny waits. */
const clientOn = (host: string, ...options: ClientOption[]) =>
  newClient(
    withBaseUrl(`https://${host}/v1`),
    withApiKey("sk-fallback-test"),
    withClock(() => now),
    withMaxRetries(1),
    withMaxRetryDelay(5),
    ...options,
  );
const routerOf = (...options: RouterOption[]) =>
  newRouter(
    withRoute("primary", clientOn("primary.test")),
    withRoute("backup", clientOn("backup.test")),
    withRoute("last", clientOn("last.test")),
    withRouterClock(() => now),
    ...options,
  );
const request = newChatCompletionRequest("primary/main-model", hi, withFallbackModels("backup/backup-model"));

describe("withFallbackModels", () => {
  test("primary 503 (retries exhausted) → the fallback answers; every attempt is listed", async () => {
    now = 0;
    const primary = nock("https://primary.test")
      .post("/v1/chat/completions", (body) => body.model === "main-model")
      .times(2)
      .reply(() => {
        tick(10);
        return [503, { error: { message: "overloaded" } }, { "retry-after-ms": "1" }];
      });
    const backup = nock("https://backup.test")
      .post("/v1/chat/completions", (body) => body.model === "backup-model")
      .reply(() => {
        tick(5);
        return [200, answer];
      });

    const result = await routerOf().chatCompletion(request);

    expect(primary.isDone()).toBe(true);
    expect(backup.isDone()).toBe(true);
    const response = result._unsafeUnwrap();
    expect(response.choices[0]?.message.content).toBe("from the fallback");
    expect(response.route).toStrictEqual({ provider: "backup", model: "backup-model", endpoint: "backup" });
    const [failed, answered] = response.routeAttempts;
    expect(answered).toStrictEqual({
      provider: "backup",
      model: "backup-model",
      endpoint: "backup",
      latencyMs: 5,
    });
    expect(failed).toMatchObject({
      provider: "primary",
      model: "main-model",
      endpoint: "primary",
      latencyMs: 20,
      error: {
        kind: "http",
        status: 503,
        attempts: [
          { status: 503, errorKind: "http", durationMs: 10, waitMs: 1, waitSource: "retry-after" },
          { status: 503, errorKind: "http", durationMs: 10, waitMs: 0 },
        ],
      },
    });
  });

  test("OpenRouter's recorded 429 (upstream rate-limited) → the fallback answers", async () => {
    const router = newRouter(
      withRoute("openrouter", clientOn("openrouter.test", withMaxRetries(0))),
      withRoute("backup", clientOn("backup.test")),
    );
    const limited = nock("https://openrouter.test")
      .post("/v1/chat/completions")
      .reply(429, fixtureText("responses/openrouter/errors/429-provider-rate-limited.json"), {
        "content-type": "application/json",
      });
    const backup = nock("https://backup.test").post("/v1/chat/completions").reply(200, answer);

    const request = newChatCompletionRequest(
      "openrouter/google/gemini-2.0-flash-exp:free",
      hi,
      withFallbackModels("backup/b"),
    );
    const response = (await router.chatCompletion(request))._unsafeUnwrap();

    expect([limited.isDone(), backup.isDone()]).toStrictEqual([true, true]);
    expect(response.route.provider).toBe("backup");
    expect(response.routeAttempts[0]).toMatchObject({
      provider: "openrouter",
      model: "google/gemini-2.0-flash-exp:free",
      error: { kind: "http", status: 429, code: 429, retryable: true },
    });
  });

  test("primary 400 → no fallback: the 400 is returned at once", async () => {
    const primary = nock("https://primary.test")
      .post("/v1/chat/completions")
      .reply(400, { error: { message: "Invalid value for 'temperature'", type: "invalid_request_error" } });
    const backup = nock("https://backup.test").post("/v1/chat/completions").reply(200, answer);

    const error = (await routerOf().chatCompletion(request))._unsafeUnwrapErr();

    expect(primary.isDone()).toBe(true);
    expect(backup.isDone()).toBe(false);
    expect(error).toMatchObject({ kind: "http", status: 400, retryable: false });
    expect(error.routeAttempts).toHaveLength(1);
    expect(error.routeAttempts[0]).toMatchObject({ provider: "primary", error: { status: 400 } });
  });

  test("all fail → one Err listing every attempt, the last error's kind, every failure named", async () => {
    now = 0;
    nock("https://primary.test")
      .post("/v1/chat/completions")
      .times(2)
      .reply(() => {
        tick(1);
        return [503, "upstream unavailable", { "retry-after-ms": "0" }];
      });
    nock("https://backup.test")
      .post("/v1/chat/completions")
      .times(2)
      .reply(() => {
        tick(2);
        return [429, { error: { message: "rate limited" } }, { "retry-after-ms": "0" }];
      });
    nock("https://last.test")
      .post("/v1/chat/completions")
      .times(2)
      .replyWithError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));

    const all = newChatCompletionRequest("primary/a", hi, withFallbackModels("backup/b", "last/c"));
    const error = (await routerOf().chatCompletion(all))._unsafeUnwrapErr();

    expect(error.kind).toBe("network");
    expect(
      error.routeAttempts.map(({ error: failure, ...where }) => ({ ...where, kind: failure?.kind })),
    ).toStrictEqual([
      { provider: "primary", model: "a", endpoint: "primary", latencyMs: 2, kind: "http" },
      { provider: "backup", model: "b", endpoint: "backup", latencyMs: 4, kind: "http" },
      { provider: "last", model: "c", endpoint: "last", latencyMs: 0, kind: "network" },
    ]);
    // Each route's error says how many attempts it made (each client retries once) and over how long.
    expect(error.message).toMatch(
      new RegExp(
        [
          "^all 3 attempts failed: primary/a: POST https://primary\\.test/v1/chat/completions → 503: upstream unavailable \\(2 attempts over \\d+ ms\\)",
          "backup/b: POST https://backup\\.test/v1/chat/completions → 429: rate limited \\(2 attempts over \\d+ ms\\)",
          "last/c: POST https://last\\.test/v1/chat/completions failed: ECONNRESET \\(2 attempts over \\d+ ms\\)$",
        ].join("; "),
      ),
    );
  });

  test("the caller's abort is never fallen back from", async () => {
    const controller = new AbortController();
    controller.abort();
    const backup = nock("https://backup.test").post("/v1/chat/completions").reply(200, answer);
    const error = (
      await routerOf().chatCompletion(request, { signal: controller.signal })
    )._unsafeUnwrapErr();
    expect(error.kind).toBe("aborted");
    expect(backup.isDone()).toBe(false);
  });
});

describe("a primary that times out", () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer({ slowHeadersMs: 2_000 });
  });
  afterAll(() => server.close());

  test("falls back once its first-byte timeout ran out", async () => {
    const slow = newClient(
      withBaseUrl(server.baseUrl("slow-headers")),
      withApiKey("sk-fallback-test"),
      withMaxRetries(0),
      withFirstByteTimeout(40),
    );
    const backup = newClient(
      withBaseUrl(server.baseUrl("ok")),
      withApiKey("sk-fallback-test"),
      withMaxRetries(0),
    );
    const router = newRouter(withRoute("slow", slow), withRoute("backup", backup));

    const result = await router.chatCompletion(
      newChatCompletionRequest("slow/main", hi, withFallbackModels("backup/ok")),
    );

    const response = result._unsafeUnwrap();
    expect(response.choices[0]?.message.content).toBe(hostileText);
    expect(response.route.provider).toBe("backup");
    expect(response.routeAttempts[0]?.error).toMatchObject({
      kind: "timeout",
      timeout: "first_byte",
      timeoutMs: 40,
    });
  });
});
