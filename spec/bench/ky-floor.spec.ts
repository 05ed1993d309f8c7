// The bench's `ky` client, the floor of chatwire's HTTP stack: configured as chatwire's defaults configure
// ky, and reading the bench server's responses as raw does. No timing here.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultClientConfig } from "../../lib/index.ts";
import { chatwireCallDefaults, newKyClient } from "./clients/ky.ts";
import { newRawClient } from "./clients/raw.ts";
import { type BenchServer, startServer } from "./support/start-server.ts";
import { chunksInStream } from "./support/wire-shapes.ts";

describe("the ky floor's settings", () => {
  it("are chatwire's defaults: its retry limit, and its timeout bounding each attempt's first byte", () => {
    const defaults = defaultClientConfig();
    expect(chatwireCallDefaults.maxRetries).toBe(defaults.maxRetries);
    expect(chatwireCallDefaults.timeoutMs).toBe(defaults.firstByteTimeoutMs ?? defaults.timeoutMs);
  });
});

describe("the ky client against the bench server", () => {
  let server: BenchServer;
  beforeAll(async () => {
    server = await startServer(60_000);
  });
  afterAll(() => server.stop());

  const contents = async (open: (baseUrl: string) => ReturnType<typeof newRawClient>) => {
    const seen: (string | undefined)[] = [];
    const count = await open(server.baseUrl).stream("events-200", (content) => seen.push(content));
    return { count, seen };
  };

  it("hands over every chunk of a stream, with the same contents as raw", async () => {
    const ky = await contents(newKyClient);
    expect(ky.count).toBe(chunksInStream(200));
    expect(ky).toStrictEqual(await contents(newRawClient));
  });

  it("returns the answer of a non-streaming request, as raw does", async () => {
    const answer = await newKyClient(server.baseUrl).complete("small");
    expect(answer).not.toBe("");
    expect(answer).toBe(await newRawClient(server.baseUrl).complete("small"));
  });
});

describe("the ky client's retries", () => {
  let server: Server;
  let posts = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      posts++;
      if (posts === 1) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ choices: [{ message: { content: "second try" } }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => server.close());

  it("retries a POST answered 503, as chatwire does (so ky clones each request before sending it)", async () => {
    const { port } = server.address() as AddressInfo;
    const answer = await newKyClient(`http://127.0.0.1:${port}/v1`).complete("small");
    expect(answer).toBe("second try");
    expect(posts).toBe(2);
  });
});
