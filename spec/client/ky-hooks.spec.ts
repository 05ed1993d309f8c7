import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import ky, { isHTTPError } from "ky";
import { afterEach, describe, expect, test } from "vitest";
import {
  assistantText,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withFetch,
  withHooks,
  withKy,
} from "../../lib/index.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";

const answer = {
  id: "chatcmpl-hooks",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "hooked" }, finish_reason: "stop" }],
};
const request = newChatCompletionRequest("m", [newUserMessage("hi")]);

type Reply = (req: IncomingMessage, res: ServerResponse) => void;
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
};

let server: Server | undefined;
afterEach(async () => {
  if (server !== undefined) await closeServer(server);
  server = undefined;
});

/** Starts a loopback server answering each request with the next reply; records what each request carried. */
async function serve(...replies: Reply[]): Promise<{ baseUrl: string; seen: Record<string, string>[] }> {
  const seen: Record<string, string>[] = [];
  server = createServer((req, res) => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization ?? "",
      trace: String(req.headers["x-trace"] ?? ""),
      body: "",
    });
    const record = seen.at(-1) as Record<string, string>;
    req.setEncoding("utf8");
    req.on("data", (piece: string) => {
      record.body += piece;
    });
    req.on("end", () => (replies.shift() ?? json(500, { error: { message: "no reply left" } }))(req, res));
  });
  return { baseUrl: `${await listenOnLoopback(server)}/v1`, seen };
}

describe("withHooks", () => {
  test("hooks see every attempt, the retry included: beforeRequest before the first, beforeRetry before the second", async () => {
    const { baseUrl, seen } = await serve(
      json(500, { error: { message: "overloaded" } }, { "retry-after-ms": "0" }),
      json(200, answer),
    );
    const log: string[] = [];
    const client = newClient(
      withBaseUrl(baseUrl),
      withApiKey("sk-hooks-0123456789"),
      withHooks({
        beforeRequest: [({ request: sent }) => void log.push(`beforeRequest ${sent.method} ${sent.url}`)],
        beforeRetry: [({ retryCount }) => void log.push(`beforeRetry ${retryCount}`)],
        afterResponse: [
          ({ response, retryCount }) => void log.push(`afterResponse ${response.status} #${retryCount}`),
        ],
      }),
    );

    const result = await client.chatCompletion(request);

    expect(result.map(assistantText)._unsafeUnwrap()).toBe("hooked");
    expect(result._unsafeUnwrap().attempts).toStrictEqual([
      {
        status: 500,
        errorKind: "http",
        durationMs: expect.any(Number),
        waitMs: 0,
        waitSource: "retry-after",
      },
      { status: 200, durationMs: expect.any(Number), waitMs: 0 },
    ]);
    expect(log).toStrictEqual([
      `beforeRequest POST ${baseUrl}/chat/completions`,
      "afterResponse 500 #0",
      "beforeRetry 1",
      "afterResponse 200 #1",
    ]);
    expect(seen.map(({ method, url }) => `${method} ${url}`)).toStrictEqual([
      "POST /v1/chat/completions",
      "POST /v1/chat/completions",
    ]);
  });

  test("without hooks, every attempt sends the request's JSON, the retry included", async () => {
    const { baseUrl, seen } = await serve(
      json(503, { error: { message: "busy" } }, { "retry-after-ms": "0" }),
      json(200, answer),
    );
    const client = newClient(withBaseUrl(baseUrl));

    const result = await client.chatCompletion(request);

    expect(result.isOk()).toBe(true);
    expect(seen.map(({ body }) => JSON.parse(body ?? ""))).toStrictEqual([
      { model: "m", messages: [{ role: "user", content: "hi" }] },
      { model: "m", messages: [{ role: "user", content: "hi" }] },
    ]);
  });

  test("a beforeRequest hook that replaces the request's body: every attempt sends the hook's body", async () => {
    const { baseUrl, seen } = await serve(
      json(503, { error: { message: "busy" } }, { "retry-after-ms": "0" }),
      json(200, answer),
    );
    const client = newClient(
      withBaseUrl(baseUrl),
      withHooks({
        beforeRequest: [
          async ({ request: sent }) =>
            new Request(sent, {
              body: JSON.stringify({ ...((await sent.json()) as object), user: "hooked" }),
            }),
        ],
      }),
    );

    const result = await client.chatCompletion(request);

    expect(result.isOk()).toBe(true);
    expect(seen.map(({ body }) => JSON.parse(body ?? "").user)).toStrictEqual(["hooked", "hooked"]);
  });

  test("hooks given in two withHooks both run, in order", async () => {
    const { baseUrl } = await serve(json(200, answer));
    const log: string[] = [];
    const client = newClient(
      withBaseUrl(baseUrl),
      withHooks({ beforeRequest: [() => void log.push("first")] }),
      withHooks({ beforeRequest: [() => void log.push("second")] }),
    );

    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(log).toStrictEqual(["first", "second"]);
  });

  test("a hook that throws ends the call with invalid_request on hooks, not retried, the key kept out", async () => {
    const { baseUrl, seen } = await serve(json(200, answer), json(200, answer));
    const throwing = (where: string) => () => {
      throw new Error(`${where} broke with sk-hooks-secret-key`);
    };
    const before = newClient(
      withBaseUrl(baseUrl),
      withApiKey("sk-hooks-secret-key"),
      withHooks({ beforeRequest: [throwing("beforeRequest")] }),
    );
    const beforeError = (await before.chatCompletion(request))._unsafeUnwrapErr();
    expect(beforeError).toMatchObject({
      kind: "invalid_request",
      field: "hooks",
      retryable: false,
      message: "invalid request: hooks threw: beforeRequest broke with [redacted]",
      attempts: [],
    });
    const after = newClient(
      withBaseUrl(baseUrl),
      withApiKey("sk-hooks-secret-key"),
      withHooks({ afterResponse: [throwing("afterResponse")] }),
    );
    const afterError = (await after.chatCompletion(request))._unsafeUnwrapErr();
    expect(afterError).toMatchObject({ field: "hooks", retryable: false });
    expect(afterError.message).toBe("invalid request: hooks threw: afterResponse broke with [redacted]");
    expect(seen).toHaveLength(1);
  });

  test("an afterResponse hook refreshes the token on a 401 and retries with it", async () => {
    const { baseUrl, seen } = await serve(
      json(401, { error: { message: "token expired" } }),
      json(200, answer),
    );
    const client = newClient(
      withBaseUrl(baseUrl),
      withApiKey("sk-stale-0123456789"),
      withHooks({
        afterResponse: [
          ({ request: sent, response, retryCount }) => {
            if (response.status !== 401 || retryCount > 0) return;
            const headers = new Headers(sent.headers);
            headers.set("authorization", "Bearer sk-fresh-0123456789");
            return ky.retry({ request: new Request(sent, { headers }), code: "TOKEN_REFRESHED" });
          },
        ],
      }),
    );

    const result = await client.chatCompletion(request);

    expect(result.map(assistantText)._unsafeUnwrap()).toBe("hooked");
    expect(seen.map(({ authorization }) => authorization)).toStrictEqual([
      "Bearer sk-stale-0123456789",
      "Bearer sk-fresh-0123456789",
    ]);
    expect(result._unsafeUnwrap().attempts).toMatchObject([
      { status: 401, errorKind: "http" },
      { status: 200, waitMs: 0 },
    ]);
  });

  test("a beforeError hook sees the HTTP error; the call still returns chatwire's http error", async () => {
    const { baseUrl } = await serve(
      json(400, { error: { message: "bad temperature", param: "temperature" } }),
    );
    const statuses: number[] = [];
    const client = newClient(
      withBaseUrl(baseUrl),
      withHooks({
        beforeError: [
          ({ error }) => {
            if (isHTTPError(error)) statuses.push(error.response.status);
            return error;
          },
        ],
      }),
    );

    const result = await client.chatCompletion(request);

    expect(statuses).toStrictEqual([400]);
    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: "http",
      status: 400,
      serverMessage: "bad temperature",
      param: "temperature",
      attempts: [{ status: 400, errorKind: "http", waitMs: 0 }],
    });
  });
});

describe("withKy", () => {
  test("sends through the user's instance: its hooks and its fetch run, chatwire's base URL, key and timeouts apply", async () => {
    const { baseUrl, seen } = await serve((req, res) => setTimeout(() => json(200, answer)(req, res), 50));
    let fetches = 0;
    const api = ky.create({
      // chatwire replaces these with its own settings: a 5 ms timeout would end this call.
      timeout: 5,
      retry: 0,
      fetch: (input, init) => {
        fetches++;
        return fetch(input, init);
      },
      hooks: { beforeRequest: [({ request: sent }) => sent.headers.set("x-trace", "trace-1")] },
    });
    const client = newClient(withBaseUrl(baseUrl), withApiKey("sk-ky-0123456789"), withKy(api));

    const result = await client.chatCompletion(request);

    expect(result.map(assistantText)._unsafeUnwrap()).toBe("hooked");
    expect(fetches).toBe(1);
    expect(seen).toStrictEqual([
      {
        method: "POST",
        url: "/v1/chat/completions",
        authorization: "Bearer sk-ky-0123456789",
        trace: "trace-1",
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
      },
    ]);
  });

  test("an instance's onUploadProgress sees the request's body go out", async () => {
    const { baseUrl, seen } = await serve(json(200, answer));
    const sentBytes: number[] = [];
    const api = ky.create({ onUploadProgress: (progress) => void sentBytes.push(progress.transferredBytes) });
    const client = newClient(withBaseUrl(baseUrl), withKy(api));

    const result = await client.chatCompletion(request);

    expect(result.isOk()).toBe(true);
    expect(sentBytes.at(-1)).toBe(Buffer.byteLength(seen[0]?.body ?? ""));
    expect(sentBytes.at(-1)).toBeGreaterThan(0);
  });

  test("withFetch wins over the instance's fetch; withHooks runs after the instance's hooks", async () => {
    const { baseUrl } = await serve(json(200, answer));
    const log: string[] = [];
    const api = ky.create({
      fetch: () => Promise.reject(new Error("the instance's fetch must not be used")),
      hooks: { beforeRequest: [() => void log.push("instance")] },
    });
    const client = newClient(
      withBaseUrl(baseUrl),
      withKy(api),
      withFetch((input, init) => {
        log.push("withFetch");
        return fetch(input, init);
      }),
      withHooks({ beforeRequest: [() => void log.push("withHooks")] }),
    );

    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(log).toStrictEqual(["instance", "withHooks", "withFetch"]);
  });
});
