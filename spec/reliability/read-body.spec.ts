import { describe, expect, test } from "vitest";
import { guardFailure, newCallGuard } from "../../lib/transport/call-guard.ts";
import { fetchReply } from "../../lib/transport/http-reply.ts";
import { readBody } from "../../lib/transport/read-body.ts";

const replyOf = (...init: ConstructorParameters<typeof Response>) => fetchReply(new Response(...init));

/** Reads a whole body (no partial text kept) with a fresh guard that never fires. */
const readWhole = (response: ReturnType<typeof replyOf>, maxBytes: number) =>
  readBody(response, newCallGuard(undefined, undefined), maxBytes, "the body", [], false);

/** A body that makes its bytes only when read (no read-ahead), counting what it made and whether it was cancelled. */
function countedBody(chunkBytes: number, chunks: number, fill = 0x61) {
  const seen = { madeBytes: 0, reads: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.reads === chunks) return controller.close();
        seen.reads++;
        seen.madeBytes += chunkBytes;
        controller.enqueue(new Uint8Array(chunkBytes).fill(fill));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const tooLarge = (maxBytes: number) => ({
  kind: "decode",
  message: `the body is larger than the ${maxBytes}-byte limit (maxBodyBytes)`,
  retryable: false,
});

describe("readBody", () => {
  test("a body bigger than the bound is cut there: at most one read past it, then the connection is closed", async () => {
    const { stream, seen } = countedBody(1000, 1_000_000);
    const guard = newCallGuard(undefined, undefined);

    const result = await readBody(replyOf(stream), guard, 10_500, "the body", [], false);

    expect(result).toStrictEqual({ text: "", failure: tooLarge(10_500) });
    expect(seen.madeBytes).toBeLessThanOrEqual(10_500 + 1000);
    expect(seen.cancelled).toBe(true);
    expect(guard.controller.signal.aborted).toBe(true);
    expect(guardFailure(guard)).toStrictEqual(tooLarge(10_500));
  });

  test("a Content-Length above the bound fails before reading anything", async () => {
    const { stream, seen } = countedBody(1000, 100);
    const guard = newCallGuard(undefined, undefined);
    const response = replyOf(stream, { headers: { "content-length": "100000" } });

    const result = await readBody(response, guard, 50_000, "the body", [], false);

    expect(result).toStrictEqual({ text: "", failure: tooLarge(50_000) });
    expect(seen.madeBytes).toBe(0);
    expect(guard.controller.signal.aborted).toBe(true);
  });

  test("the Content-Length of a compressed body says nothing of its decoded size, so it is read", async () => {
    const { stream } = countedBody(10, 3);
    const response = replyOf(stream, {
      headers: { "content-length": "100000", "content-encoding": "gzip" },
    });

    const result = await readWhole(response, 50_000);

    expect(result).toStrictEqual({ text: "a".repeat(30), failure: undefined });
  });

  test.each(["identity", " Identity ", ""])(
    "a Content-Length above the bound with the encoding %j is refused unread",
    async (encoding) => {
      const { stream, seen } = countedBody(1000, 100);
      const response = replyOf(stream, {
        headers: { "content-length": "100000", "content-encoding": encoding },
      });

      const result = await readWhole(response, 50_000);

      expect({ result, madeBytes: seen.madeBytes }).toStrictEqual({
        result: { text: "", failure: tooLarge(50_000) },
        madeBytes: 0,
      });
    },
  );

  test("a Content-Length beyond the safe integers is not trusted: the body is read", async () => {
    const { stream } = countedBody(10, 3);
    const response = replyOf(stream, { headers: { "content-length": "9007199254740993" } });

    const result = await readWhole(response, 50_000);

    expect(result).toStrictEqual({ text: "a".repeat(30), failure: undefined });
  });

  test("a body of exactly the bound is read whole", async () => {
    const { stream, seen } = countedBody(1000, 4);
    const guard = newCallGuard(undefined, undefined);

    const result = await readBody(replyOf(stream), guard, 4000, "the body", [], false);

    expect(result).toStrictEqual({ text: "a".repeat(4000), failure: undefined });
    expect(seen.cancelled).toBe(false);
    expect(guard.controller.signal.aborted).toBe(false);
  });

  test("multi-byte characters split across reads are decoded whole", async () => {
    const bytes = new TextEncoder().encode("日本語 🙂");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
        controller.close();
      },
    });

    const result = await readBody(replyOf(stream), newCallGuard(undefined, undefined), 100, "x", [], false);

    expect(result).toStrictEqual({ text: "日本語 🙂", failure: undefined });
  });

  test("no body is an empty text", async () => {
    const result = await readBody(replyOf(null), newCallGuard(undefined, undefined), 100, "x", [], false);

    expect(result).toStrictEqual({ text: "", failure: undefined });
  });
});

describe("readBody, keeping what was read", () => {
  test("keeps the first maxBytes of a body that is too big, with the reason it stopped", async () => {
    const { stream, seen } = countedBody(300, 1000, 0x62);

    const read = await readBody(
      replyOf(stream),
      newCallGuard(undefined, undefined),
      1000,
      "the body",
      [],
      true,
    );

    expect(read).toStrictEqual({ text: "b".repeat(1000), failure: tooLarge(1000) });
    expect(seen.madeBytes).toBeLessThanOrEqual(1300);
  });

  test("a read that fails keeps what came before it", async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
        sent = true;
        controller.enqueue(new TextEncoder().encode("partial"));
      },
    });

    const read = await readBody(
      replyOf(stream),
      newCallGuard(undefined, undefined),
      1000,
      "the body",
      [],
      true,
    );

    expect(read).toStrictEqual({
      text: "partial",
      failure: {
        kind: "network",
        message: "reading the body failed: ECONNRESET",
        cause: "ECONNRESET",
        retryable: true,
      },
    });
  });
});
