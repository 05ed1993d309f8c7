import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import {
  type ChatwireError,
  newClient,
  withApiKey,
  withBaseUrl,
  withClientTimeout,
  withFetch,
  withHeaders,
  withMaxRetries,
} from "../../lib/index.ts";
import type { HostileScenario } from "../support/hostile-server.ts";
import { hostileClient, hostileRequest, plantedKey, useHostileServer } from "./hostile-client.ts";

const server = useHostileServer({ slowHeadersMs: 5_000, maxScenarioMs: 5_000 });

const secretHeaderValue = "hdr-secret-9876543210";
const secretHeaders = withHeaders({ "x-api-key": secretHeaderValue, "X-Custom-Token": "tok-5555-6666-7777" });

/** Every way an error can be shown: its JSON, its inspection, its string, its message. */
function renderings(error: ChatwireError): string[] {
  return [JSON.stringify(error), inspect(error, { depth: 10 }), String(error), error.message];
}

describe("the key and secret headers never leave in an error", () => {
  const scenarios: HostileScenario[] = [
    "unauthorized",
    "bad-request",
    "html-500",
    "html-200",
    "invalid-json",
    "wrong-shape",
    "reset-before-headers",
    "reset-mid-body",
    "slow-headers",
    "redirect-cross-origin",
    "rate-limited-long",
  ];

  test.each(scenarios)("%s", async (scenario) => {
    const client = hostileClient(
      server(),
      scenario,
      secretHeaders,
      withMaxRetries(0),
      // Bounds slow-headers; long enough that a loaded machine still gets every other answer.
      withClientTimeout(1_000),
    );

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    for (const text of renderings(error)) {
      expect(text).not.toContain(plantedKey);
      expect(text).not.toContain(secretHeaderValue);
      expect(text).not.toContain("tok-5555-6666-7777");
    }
    // They did reach the server the user named: the test would see a leak. (A call that timed out may
    // return before the server logged the request.)
    await server().settledReply(0);
    expect(server().requests[0]?.headers.authorization).toBe(`Bearer ${plantedKey}`);
    expect(server().requests[0]?.headers["x-api-key"]).toBe(secretHeaderValue);
  });

  test("a server echoing the key and a secret header in its error body leaks neither", async () => {
    const client = hostileClient(server(), "unauthorized", secretHeaders);

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    expect(error).toMatchObject({
      kind: "http",
      serverMessage: "Incorrect API key provided: Bearer [redacted] [redacted].",
    });
  });
});

describe("bad settings are invalid_request before any network call", () => {
  const neverCalled = () => {
    const calls: unknown[] = [];
    return {
      calls,
      option: withFetch(async (input) => {
        calls.push(input);
        return new Response("{}");
      }),
    };
  };

  test.each([
    ["a header value with CR/LF", withHeaders({ "x-note": "a\r\nx-injected: 1" }), "headers.x-note"],
    ["a header value with LF", withHeaders({ "x-note": "a\nb" }), "headers.x-note"],
    ["a header value with NUL", withHeaders({ "x-note": "a\0b" }), "headers.x-note"],
    ["an invalid header name", withHeaders({ "x note": "a" }), "headers.x note"],
    ["an API key with CR/LF", withApiKey(`${plantedKey}\r\nx-injected: 1`), "apiKey"],
  ] as const)("%s", async (_, option, field) => {
    const spy = neverCalled();
    const client = newClient(withBaseUrl(server().baseUrl("ok")), withApiKey(plantedKey), option, spy.option);

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "invalid_request", field, retryable: false });
    expect(JSON.stringify(error)).not.toContain(plantedKey);
    expect(spy.calls).toHaveLength(0);
  });

  test.each([
    "ftp://127.0.0.1/v1",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "ws://127.0.0.1/v1",
    "localhost:8080/v1",
    "/v1",
    "",
  ])("the base URL %j", async (baseUrl) => {
    const spy = neverCalled();
    const client = newClient(withBaseUrl(baseUrl), withApiKey(plantedKey), spy.option);

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toStrictEqual({
      kind: "invalid_request",
      message: "invalid request: baseUrl must be an absolute http:// or https:// URL",
      field: "baseUrl",
      retryable: false,
    });
    expect((await client.listModels())._unsafeUnwrapErr()).toMatchObject({ field: "baseUrl" });
    expect(spy.calls).toHaveLength(0);
  });

  test("a base URL holding credentials, which are not repeated in the error", async () => {
    const spy = neverCalled();
    const client = newClient(withBaseUrl("https://user:hunter2-secret@api.example.com/v1"), spy.option);

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "invalid_request", field: "baseUrl" });
    expect(JSON.stringify(error)).not.toContain("hunter2-secret");
    expect(spy.calls).toHaveLength(0);
  });
});

describe("redirects are never followed", () => {
  test("a cross-origin 307: an Err, the other origin never contacted", async () => {
    const client = hostileClient(server(), "redirect-cross-origin");

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    const target = `${server().witness.origin}/v1/chat/completions`;
    expect(error).toMatchObject({
      kind: "http",
      status: 307,
      message: `POST ${server().baseUrl("redirect-cross-origin")}/chat/completions → 307: redirect to ${target} not followed (chatwire sends the prompt and the API key only to the base URL you set)`,
      retryable: false,
    });
    expect(server().witness.requests).toHaveLength(0);
    expect(server().requests).toHaveLength(1);
  });

  test("a same-origin 302 is not followed either", async () => {
    const error = (
      await hostileClient(server(), "redirect-same-origin").chatCompletion(hostileRequest)
    )._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "http", status: 302, retryable: false });
    expect(server().requests.map((request) => request.path)).toStrictEqual([
      "/s/redirect-same-origin/v1/chat/completions",
    ]);
  });
});

describe("JSON from the server cannot pollute prototypes", () => {
  test("__proto__ keys stay inert data", async () => {
    const result = await hostileClient(server(), "proto-keys").chatCompletion(hostileRequest);

    const response = result._unsafeUnwrap();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(response)).toBe(Object.prototype);
    expect(response).not.toHaveProperty("polluted");
    expect(response.choices[0]).not.toHaveProperty("polluted");
    expect(response.choices[0]?.message).not.toHaveProperty("polluted");
    expect(response.usage).not.toHaveProperty("polluted");
    expect(response.choices[0]?.message.content).toBe("inert");
    // Kept where chatwire does not look, as an own data property, not a prototype.
    const extra = response.extra as Record<string, unknown>;
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(Object.hasOwn(extra, "__proto__")).toBe(true);
    expect(extra.polluted).toBeUndefined();
  });

  test("__proto__ keys in an error body do not replace the server's message", async () => {
    const body =
      '{"__proto__":{"error":{"message":"forged"}},"error":{"message":"real","__proto__":{"code":"forged"}}}';
    const client = newClient(
      withBaseUrl("http://127.0.0.1:9/v1"),
      withMaxRetries(0),
      withFetch(async () => new Response(body, { status: 400 })),
    );

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "http", serverMessage: "real" });
    expect(error).not.toHaveProperty("code");
    expect(({} as { error?: unknown; code?: unknown }).error).toBeUndefined();
    expect(({} as { code?: unknown }).code).toBeUndefined();
  });
});
