// What the fetch path keeps now that the node:http transport is gone (issue 14): compressed bodies and streams
// decode, a cut compressed body is a network error, repeated headers read as fetch reads them.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import {
  type ClientOption,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withBaseUrl,
  withHeaders,
  withMaxRetries,
} from "../../lib/index.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";

const answer = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "Grüße ☀" }, finish_reason: "stop" }],
};
const request = newChatCompletionRequest("m", [newUserMessage("Hi")]);

interface Server {
  readonly baseUrl: string;
  readonly seen: IncomingHttpHeaders[];
  readonly close: () => Promise<void>;
}

let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A loopback server answering every request with `reply`, recording the request headers. */
async function serve(reply: (response: ServerResponse) => void): Promise<Server> {
  const seen: IncomingHttpHeaders[] = [];
  const http = createServer((incoming, response) => {
    seen.push(incoming.headers);
    incoming.resume();
    incoming.once("end", () => reply(response));
  });
  server = { baseUrl: `${await listenOnLoopback(http)}/v1`, seen, close: () => closeServer(http) };
  return server;
}

const clientOf = (baseUrl: string, ...options: ClientOption[]) =>
  newClient(withBaseUrl(baseUrl), withApiKey("sk-fetch-path"), withMaxRetries(0), ...options);

describe("what ky sends over fetch", () => {
  test("asks for compressed bodies and sends a user-agent of the client's headers", async () => {
    const { baseUrl, seen } = await serve((response) => response.end(JSON.stringify(answer)));

    const result = await clientOf(baseUrl, withHeaders({ "User-Agent": "my-app/1.0" })).chatCompletion(
      request,
    );

    expect(result._unsafeUnwrap().choices[0]?.message.content).toBe("Grüße ☀");
    expect(seen[0]?.["accept-encoding"]).toMatch(/gzip, deflate/);
    expect(seen[0]?.["user-agent"]).toBe("my-app/1.0");
  });
});

describe("compressed bodies", () => {
  const encodings = [
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const;

  test.each(encodings)("a %s body decodes to the same response", async (encoding, compress) => {
    const { baseUrl } = await serve((response) => {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": encoding });
      response.end(compress(JSON.stringify(answer)));
    });

    const result = await clientOf(baseUrl).chatCompletion(request);

    expect(result._unsafeUnwrap()).toMatchObject(answer);
  });

  test("a gzip stream decodes chunk by chunk", async () => {
    const events = [
      'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Grüße"},"finish_reason":null}]}\n\n',
      'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
      "data: [DONE]\n\n",
    ];
    const { baseUrl } = await serve((response) => {
      response.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "gzip" });
      response.end(gzipSync(events.join("")));
    });

    const opened = await clientOf(baseUrl).chatCompletionStream(request);
    const chunks = [];
    for await (const chunk of opened._unsafeUnwrap()) chunks.push(chunk);

    expect(
      chunks.map((chunk) => [chunk.choices[0]?.delta.content, chunk.isLastChunk, chunk.error]),
    ).toStrictEqual([
      ["Grüße", false, undefined],
      [undefined, true, undefined],
    ]);
  });

  test("a gzip body cut short by a closed connection is a network error, not a hang", async () => {
    const compressed = gzipSync(JSON.stringify(answer));
    const { baseUrl } = await serve((response) => {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(compressed.length),
      });
      response.write(compressed.subarray(0, 20));
      setTimeout(() => response.socket?.destroy(), 20);
    });

    const result = await clientOf(baseUrl).chatCompletion(request);

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "network", retryable: true });
  });
});

describe("headers", () => {
  test("a header sent twice reads as one comma-joined value, as fetch reads it", async () => {
    const { baseUrl } = await serve((response) => {
      response.setHeader("x-request-id", ["req-1", "req-2"]);
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(answer));
    });

    const result = await clientOf(baseUrl).chatCompletion(request);

    expect(result._unsafeUnwrap().requestId).toBe("req-1, req-2");
  });
});
