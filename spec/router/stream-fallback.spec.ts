import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  type ClientOption,
  type CompletionChunk,
  newChatCompletionStreamRequest,
  newClient,
  newCompletionRequest,
  newRouter,
  newUserMessage,
  type RoutedChunk,
  withApiKey,
  withBaseUrl,
  withFallbackModels,
  withFirstByteTimeout,
  withMaxRetries,
  withRetries,
  withRoute,
  withRouterMaxRetryDelay,
} from "../../lib/index.ts";
import {
  type HostileServer,
  hostileErrorEvent,
  hostileText,
  startHostileServer,
} from "../support/hostile-server.ts";
import {
  chunk,
  event,
  ok,
  type ScriptServer,
  sseHeaders,
  startScriptServer,
} from "./support/script-server.ts";

const hi = [newUserMessage("Hi")];
const clientAt = (baseUrl: string, ...options: ClientOption[]) =>
  newClient(withBaseUrl(baseUrl), withApiKey("sk-stream-router"), withMaxRetries(0), ...options);

/** A 200 stream that sends its role chunk, then a retryable error event: it fails before any content. */
const overloadedBeforeContent = (res: import("node:http").ServerResponse): void => {
  res.writeHead(200, sseHeaders);
  res.end(
    `${event(chunk({ role: "assistant", content: "" }))}${event({ error: { message: "overloaded", code: 503 } })}`,
  );
};

/** A 200 stream that sends its role chunk, then loses its connection. */
const resetBeforeContent = (res: import("node:http").ServerResponse): void => {
  res.writeHead(200, sseHeaders);
  res.write(event(chunk({ role: "assistant", content: "" })));
  setTimeout(() => res.socket?.destroy(), 10);
};

async function drain(
  stream: AsyncIterable<RoutedChunk<CompletionChunk>>,
): Promise<RoutedChunk<CompletionChunk>[]> {
  const chunks: RoutedChunk<CompletionChunk>[] = [];
  for await (const item of stream) chunks.push(item);
  return chunks;
}

const text = (chunks: readonly CompletionChunk[]): string =>
  chunks.map((item) => String(item.choices[0]?.delta.content ?? "")).join("");

let servers: ScriptServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});
async function script(...steps: Parameters<typeof startScriptServer>[0]): Promise<ScriptServer> {
  const server = await startScriptServer(steps);
  servers.push(server);
  return server;
}

describe("a stream that fails before its first content", () => {
  test("falls back: the fallback's stream is handed over whole", async () => {
    const primary = await script(overloadedBeforeContent);
    const backup = await script(ok("all good"));
    const router = newRouter(
      withRoute("primary", clientAt(primary.baseUrl)),
      withRoute("backup", clientAt(backup.baseUrl)),
    );

    const request = newChatCompletionStreamRequest(
      "primary/m",
      hi,
      withRetries(0),
      withFallbackModels("backup/b"),
    );
    const stream = (await router.chatCompletionStream(request))._unsafeUnwrap();
    const chunks = await drain(stream);

    expect(text(chunks)).toBe("all good");
    expect(chunks.at(-1)).toMatchObject({ isLastChunk: true });
    expect(chunks.some((item) => item.error !== undefined)).toBe(false);
    expect(stream.route).toStrictEqual({ provider: "backup", model: "b", endpoint: "backup" });
    expect(stream.routeAttempts.map((attempt) => attempt.error?.kind)).toStrictEqual(["http", undefined]);
    expect(stream.routeAttempts[0]?.error).toMatchObject({
      status: 503,
      serverMessage: "overloaded",
      retryable: true,
    });
    expect([primary.count(), backup.count()]).toStrictEqual([1, 1]);
  });

  test("is retried on its own model first, as many times as the request's retries allow", async () => {
    const primary = await script(resetBeforeContent, ok("second time lucky"));
    const backup = await script(ok("never"));
    const router = newRouter(
      withRoute("primary", clientAt(primary.baseUrl)),
      withRoute("backup", clientAt(backup.baseUrl)),
      withRouterMaxRetryDelay(1),
    );

    const request = newChatCompletionStreamRequest(
      "primary/m",
      hi,
      withRetries(1),
      withFallbackModels("backup/b"),
    );
    const stream = (await router.chatCompletionStream(request))._unsafeUnwrap();

    expect(text(await drain(stream))).toBe("second time lucky");
    expect(stream.route.provider).toBe("primary");
    expect(stream.routeAttempts.map((attempt) => attempt.error?.kind)).toStrictEqual(["network", undefined]);
    expect([primary.count(), backup.count()]).toStrictEqual([2, 0]);
  });

  test("a non-retryable failure before content is returned, without fallback", async () => {
    const primary = await script((res) => {
      res.writeHead(200, sseHeaders).end(`event: error\ndata: ${JSON.stringify(hostileErrorEvent)}\n\n`);
    });
    const backup = await script(ok("never"));
    const router = newRouter(
      withRoute("primary", clientAt(primary.baseUrl)),
      withRoute("backup", clientAt(backup.baseUrl)),
    );

    const request = newChatCompletionStreamRequest("primary/m", hi, withFallbackModels("backup/b"));
    const error = (await router.chatCompletionStream(request))._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "http", code: "tool_use_failed", retryable: false });
    expect(error.routeAttempts).toHaveLength(1);
    expect(backup.count()).toBe(0);
  });
});

describe("against the hostile server", () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer({ slowHeadersMs: 2_000 });
  });
  afterAll(() => server.close());
  afterEach(() => server.reset());

  test("a first-byte timeout falls back like a failed request", async () => {
    const router = newRouter(
      withRoute("slow", clientAt(server.baseUrl("slow-headers"), withFirstByteTimeout(40))),
      withRoute("backup", clientAt(server.baseUrl("stream-ok"))),
    );

    const request = newChatCompletionStreamRequest("slow/m", hi, withFallbackModels("backup/b"));
    const stream = (await router.chatCompletionStream(request))._unsafeUnwrap();

    expect(text(await drain(stream))).toBe(hostileText);
    expect(stream.routeAttempts[0]?.error).toMatchObject({ kind: "timeout", timeout: "first_byte" });
  });

  test("after content, an error is never replayed: the error chunk says how much was received", async () => {
    const router = newRouter(
      withRoute("primary", clientAt(server.baseUrl("stream-error-event"))),
      withRoute("backup", clientAt(server.baseUrl("stream-ok"))),
    );

    const request = newChatCompletionStreamRequest("primary/m", hi, withFallbackModels("backup/b"));
    const stream = (await router.chatCompletionStream(request))._unsafeUnwrap();
    const chunks = await drain(stream);

    const last = chunks.at(-1);
    expect(chunks).toHaveLength(3);
    expect(text(chunks.slice(0, 2))).toBe("Héllo");
    expect(last?.received).toStrictEqual({ chunks: 2, characters: 5 });
    expect(last?.error?.message).toMatch(
      /\(after 2 chunk\(s\) and 5 character\(s\) were handed over; a routed stream is never replayed once content was handed over\)$/,
    );
    expect(stream.route.provider).toBe("primary");
    expect(server.requests.map((request) => request.path)).toStrictEqual([
      "/s/stream-error-event/v1/chat/completions",
    ]);
  });

  test("a stream cut after content ends with a network error chunk, not a fallback", async () => {
    const router = newRouter(
      withRoute("primary", clientAt(server.baseUrl("stream-truncated"))),
      withRoute("backup", clientAt(server.baseUrl("stream-ok"))),
    );

    const request = newChatCompletionStreamRequest("primary/m", hi, withFallbackModels("backup/b"));
    const chunks = await drain((await router.chatCompletionStream(request))._unsafeUnwrap());

    expect(chunks.at(-1)).toMatchObject({
      isLastChunk: true,
      error: { kind: "network" },
      received: { chunks: 2 },
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe("a routed stream's bookkeeping", () => {
  test("leaving the loop early frees its endpoint; a second iteration gets one error chunk", async () => {
    const primary = await script(ok("a long answer"));
    const router = newRouter(withRoute("primary", clientAt(primary.baseUrl)));

    const stream = (
      await router.chatCompletionStream(newChatCompletionStreamRequest("primary/m", hi))
    )._unsafeUnwrap();
    expect(router.endpoints()).toStrictEqual([{ endpoint: "primary", inFlight: 1, ejectedForMs: 0 }]);
    for await (const _ of stream) break;

    expect(router.endpoints()).toStrictEqual([{ endpoint: "primary", inFlight: 0, ejectedForMs: 0 }]);
    const again = await drain(stream);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({
      isLastChunk: true,
      error: { kind: "invalid_request", field: "stream" },
    });
  });

  test("content parts nested too deeply to write as JSON are handed over, not thrown", async () => {
    // 10,000 nested arrays: 20 kB of valid JSON that JSON.parse reads and JSON.stringify cannot write.
    const depth = 10_000;
    const parts = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const primary = await script((res) => {
      const content = `data: ${JSON.stringify(chunk({ content: "" })).replace('"content":""', `"content":[${parts}]`)}\n\n`;
      res.writeHead(200, sseHeaders).end(`${content}${event(chunk({}, "stop"))}data: [DONE]\n\n`);
    });
    const router = newRouter(withRoute("primary", clientAt(primary.baseUrl)));

    const opened = await router.chatCompletionStream(newChatCompletionStreamRequest("primary/m", hi));
    const chunks = await drain(opened._unsafeUnwrap());

    expect(
      chunks.map((item) => [Array.isArray(item.choices[0]?.delta.content), item.isLastChunk]),
    ).toStrictEqual([
      [true, false],
      [false, true],
    ]);
    expect(chunks.some((item) => item.error !== undefined)).toBe(false);
    expect(router.endpoints()).toStrictEqual([{ endpoint: "primary", inFlight: 0, ejectedForMs: 0 }]);
  });

  test("text completion streams fall back the same way", async () => {
    const primary = await script(overloadedBeforeContent);
    const backup = await script((res) => {
      const piece = (text: string, finish: string | null) =>
        event({
          id: "cmpl-1",
          object: "text_completion",
          model: "b",
          choices: [{ index: 0, text, finish_reason: finish }],
        });
      res
        .writeHead(200, sseHeaders)
        .end(`${piece(" upon", null)}${piece(" a time", "length")}data: [DONE]\n\n`);
    });
    const router = newRouter(
      withRoute("primary", clientAt(primary.baseUrl)),
      withRoute("backup", clientAt(backup.baseUrl)),
    );

    const request = newCompletionRequest("primary/m", "Once", withRetries(0), withFallbackModels("backup/b"));
    const stream = (await router.completionStream(request))._unsafeUnwrap();
    const pieces: string[] = [];
    for await (const item of stream) pieces.push(String(item.choices[0]?.text ?? ""));

    expect(pieces.join("")).toBe(" upon a time");
    expect(stream.route).toStrictEqual({ provider: "backup", model: "b", endpoint: "backup" });
    expect(backup.bodies).toStrictEqual([{ model: "b", prompt: "Once", stream: true }]);
  });
});
