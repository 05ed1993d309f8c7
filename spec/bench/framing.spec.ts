// The bench server's framing, read on the raw bytes: the default stream gives each SSE event its own HTTP
// chunk (as llama.cpp's server does), the 64 KiB one packs hundreds of events in a chunk. No timing here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countEvents, readWireChunks, splitChunkedBody } from "./support/raw-chunks.ts";
import { type BenchServer, startServer } from "./support/start-server.ts";
import { chunksInStream } from "./support/wire-shapes.ts";

describe("splitChunkedBody", () => {
  it("returns each chunk's payload, chunk extensions and all, up to the zero-size chunk", () => {
    const body = Buffer.from("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");
    expect(splitChunkedBody(body)).toStrictEqual(["hello", ", world"]);
  });

  it("throws on a body cut before its zero-size chunk", () => {
    expect(() => splitChunkedBody(Buffer.from("5\r\nhello\r\n"))).toThrow(/chunk-size line/);
  });
});

describe("the bench server", () => {
  let server: BenchServer;
  beforeAll(async () => {
    server = await startServer(60_000);
  });
  afterAll(() => server.stop());

  const read = (model: string) =>
    readWireChunks(`${server.baseUrl}/chat/completions`, JSON.stringify({ model, stream: true }));

  it("sends each event of the default stream in its own HTTP chunk", async () => {
    const { status, chunks } = await read("events-500");
    expect(status).toBe(200);
    // Every chunk of the stream plus [DONE], one each.
    expect(chunks).toHaveLength(chunksInStream(500) + 1);
    expect(chunks.map(countEvents)).toStrictEqual(chunks.map(() => 1));
    expect(chunks.at(-1)).toBe("data: [DONE]\n\n");
  });

  it("packs the same events into 64 KiB HTTP chunks for the second stream row", async () => {
    const { chunks } = await read("fast-2000");
    expect(chunks.map(countEvents).reduce((sum, count) => sum + count, 0)).toBe(chunksInStream(2000) + 1);
    expect(Math.max(...chunks.map((chunk) => Buffer.byteLength(chunk)))).toBe(64 * 1024);
  });
});
