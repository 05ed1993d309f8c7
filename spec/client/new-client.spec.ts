import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  type ClientOption,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withClientTimeout,
  withFetch,
  withHeaders,
} from "../../lib/index.ts";
import { apiOrigin, baseUrl, okCompletion, plantedKey, watchRequests } from "./nock-server.ts";

const request = newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]);

describe("a bad client configuration → invalid_request before any network call", () => {
  let requests: ReturnType<typeof watchRequests>;
  beforeEach(() => {
    requests = watchRequests();
  });
  afterEach(() => {
    requests.stop();
  });

  test.each<[string, readonly ClientOption[], string]>([
    ["a base URL that is not a URL", [withBaseUrl("not a url")], "baseUrl"],
    ["an ftp base URL", [withBaseUrl("ftp://api.chatwire.test/v1")], "baseUrl"],
    ["a file base URL", [withBaseUrl("file:///etc/passwd")], "baseUrl"],
    ["a relative base URL", [withBaseUrl("/v1")], "baseUrl"],
    ["an empty base URL", [withBaseUrl("")], "baseUrl"],
    ["a header value with CR/LF", [withHeaders({ "x-team": "a\r\nx-injected: 1" })], "headers.x-team"],
    ["a header value with LF", [withHeaders({ "x-team": "a\nb" })], "headers.x-team"],
    ["a header name with a space", [withHeaders({ "x team": "a" })], "headers.x team"],
    ["an API key with CR/LF", [withApiKey(`${plantedKey}\r\nx-injected: 1`)], "apiKey"],
    ["an API key with LF", [withApiKey(`${plantedKey}\n`)], "apiKey"],
    ["a negative client timeout", [withClientTimeout(-1)], "timeoutMs"],
    ["a NaN client timeout", [withClientTimeout(Number.NaN)], "timeoutMs"],
  ])("%s", async (_name, options, field) => {
    let fetched = 0;
    const countingFetch: typeof fetch = (input, init) => {
      fetched++;
      return fetch(input, init);
    };
    const client = newClient(
      withBaseUrl(baseUrl),
      withApiKey(plantedKey),
      withFetch(countingFetch),
      ...options,
    );
    const chat = (await client.chatCompletion(request))._unsafeUnwrapErr();
    const models = (await client.listModels())._unsafeUnwrapErr();
    expect(fetched).toBe(0);
    expect(requests.count()).toBe(0);
    for (const error of [chat, models]) {
      expect(error).toMatchObject({ kind: "invalid_request", field, retryable: false });
      expect(error.message).toContain(field);
      expect(JSON.stringify(error)).not.toContain(plantedKey);
    }
  });

  test("newClient itself never throws on a bad option", () => {
    expect(() => newClient(withBaseUrl("::::"), withHeaders({ "bad\nname": "x" }))).not.toThrow();
  });
});

describe("the client's settings reach the wire", () => {
  test("the base URL keeps its path, with or without a trailing slash", async () => {
    for (const root of [`${apiOrigin}/proxy/v1`, `${apiOrigin}/proxy/v1/`]) {
      const scope = nock(apiOrigin).post("/proxy/v1/chat/completions").reply(200, okCompletion);
      const result = await newClient(withBaseUrl(root)).chatCompletion(request);
      expect(result.isOk()).toBe(true);
      expect(scope.isDone()).toBe(true);
    }
  });

  test("headers are added to every request; a later withHeaders adds, naming again replaces", async () => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .matchHeader("x-team", "search")
      .matchHeader("x-org", "org-2")
      .matchHeader("content-type", "application/json")
      .matchHeader("authorization", `Bearer ${plantedKey}`)
      .reply(200, okCompletion);
    const client = newClient(
      withBaseUrl(baseUrl),
      withApiKey(plantedKey),
      withHeaders({ "x-team": "search", "x-org": "org-1" }),
      withHeaders({ "x-org": "org-2" }),
    );
    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  test("withFetch: every call goes through the custom fetch", async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      seen.push(`${init?.method ?? (input instanceof Request ? input.method : "GET")} ${url}`);
      return new Response(JSON.stringify(url.endsWith("/models") ? { data: [] } : okCompletion), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const client = newClient(withBaseUrl("https://fetch.chatwire.test/v1"), withFetch(fakeFetch));
    expect((await client.chatCompletion(request))._unsafeUnwrap().id).toBe("chatcmpl-test");
    expect((await client.listModels())._unsafeUnwrap().data).toStrictEqual([]);
    expect(seen).toStrictEqual([
      "POST https://fetch.chatwire.test/v1/chat/completions",
      "GET https://fetch.chatwire.test/v1/models",
    ]);
  });

  test("withFetch: the custom fetch gets ky's Request: the URL, method, body, headers, a signal and manual redirects", async () => {
    const calls: unknown[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      const sent = input as Request;
      calls.push({
        url: sent.url,
        method: sent.method,
        body: await sent.text(),
        headers: Object.fromEntries(sent.headers),
        redirect: sent.redirect,
        hasSignal: init?.signal instanceof AbortSignal,
      });
      return new Response(JSON.stringify(sent.url.endsWith("/models") ? { data: [] } : okCompletion), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const client = newClient(
      withBaseUrl("https://fetch.chatwire.test/v1/"),
      withApiKey(plantedKey),
      withHeaders({ "X-Team": "blue" }),
      withFetch(fakeFetch),
    );
    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect((await client.listModels()).isOk()).toBe(true);
    expect(calls).toStrictEqual([
      {
        url: "https://fetch.chatwire.test/v1/chat/completions",
        method: "POST",
        body: JSON.stringify({ model: "gpt-4.1-nano", messages: [{ role: "user", content: "Hi" }] }),
        headers: {
          "x-team": "blue",
          authorization: `Bearer ${plantedKey}`,
          accept: "application/json",
          "content-type": "application/json",
        },
        redirect: "manual",
        hasSignal: true,
      },
      {
        url: "https://fetch.chatwire.test/v1/models",
        method: "GET",
        body: "",
        headers: { "x-team": "blue", authorization: `Bearer ${plantedKey}`, accept: "application/json" },
        redirect: "manual",
        hasSignal: true,
      },
    ]);
  });
});

describe("OPENAI_API_KEY", () => {
  const saved = process.env.OPENAI_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = saved;
  });

  test("is read when newClient is called, not at import", async () => {
    process.env.OPENAI_API_KEY = "sk-env-after-import-42";
    const client = newClient(withBaseUrl(baseUrl));
    delete process.env.OPENAI_API_KEY;
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .matchHeader("authorization", "Bearer sk-env-after-import-42")
      .reply(200, okCompletion);
    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  test("withApiKey wins over it", async () => {
    process.env.OPENAI_API_KEY = "sk-env-loses";
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .matchHeader("authorization", `Bearer ${plantedKey}`)
      .reply(200, okCompletion);
    const client = newClient(withBaseUrl(baseUrl), withApiKey(plantedKey));
    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  test("with neither, no Authorization header is sent (local servers need none)", async () => {
    delete process.env.OPENAI_API_KEY;
    const scope = nock(apiOrigin, { badheaders: ["authorization"] })
      .post("/v1/chat/completions")
      .reply(200, okCompletion);
    expect((await newClient(withBaseUrl(baseUrl)).chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  test("an empty OPENAI_API_KEY counts as none", async () => {
    process.env.OPENAI_API_KEY = "";
    const scope = nock(apiOrigin, { badheaders: ["authorization"] })
      .post("/v1/chat/completions")
      .reply(200, okCompletion);
    expect((await newClient(withBaseUrl(baseUrl)).chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });
});

describe("defaults", () => {
  test("the default base URL is OpenAI's", async () => {
    const scope = nock("https://api.openai.com").post("/v1/chat/completions").reply(200, okCompletion);
    expect((await newClient(withApiKey(plantedKey)).chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });
});
