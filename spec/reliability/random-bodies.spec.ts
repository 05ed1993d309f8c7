// Property tests: whatever bytes a server sends as a non-streaming answer, chatwire ends in bounded time
// with an Err of a ChatwireError kind, or an Ok that passed validation; it never throws nor rejects.

import { createServer, type Server } from "node:http";
import fc from "fast-check";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type ChatwireError,
  type Client,
  isChatwireError,
  newClient,
  withApiKey,
  withBaseUrl,
  withClientTimeout,
  withFetch,
  withMaxBodyBytes,
  withMaxRetries,
} from "../../lib/index.ts";
import { chatCompletionSchema } from "../../lib/schema/chat-completion-schema.ts";
import { hostileCompletion } from "../support/hostile-server.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";
import { hostileRequest, plantedKey } from "./hostile-client.ts";

const kinds = new Set(["http", "timeout", "network", "decode"]);
const completionText = JSON.stringify(hostileCompletion);

/** Bodies: random bytes, random JSON, and a valid answer cut or corrupted at a random place. */
const bodyArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => new TextEncoder().encode(JSON.stringify(value) ?? "null")),
  fc.nat({ max: completionText.length }).map((cut) => new TextEncoder().encode(completionText.slice(0, cut))),
  fc
    .tuple(fc.nat({ max: completionText.length - 1 }), fc.string({ maxLength: 3 }))
    .map(([at, junk]) =>
      new TextEncoder().encode(completionText.slice(0, at) + junk + completionText.slice(at + 1)),
    ),
  fc.constant(new TextEncoder().encode(completionText)),
);

const statusArbitrary = fc.constantFrom(200, 200, 201, 204, 400, 401, 404, 408, 429, 500, 503);
const typeArbitrary = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "text/html",
  "text/event-stream",
  "text/plain",
);

/** Cuts bytes into reads at the given offsets. */
function toReads(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const reads: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    if (offset > start) reads.push(bytes.subarray(start, offset));
    start = offset;
  }
  return reads;
}

/**
 * Runs a call, failing the property if it rejects, throws or takes longer than `boundMs`; gives back the
 * outcome's kind (`ok` or the error kind).
 */
async function settle(client: Client, boundMs: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), boundMs);
  });
  const outcome = await Promise.race([client.chatCompletion(hostileRequest), hung]).finally(() =>
    clearTimeout(timer),
  );
  if (outcome === "hung") throw new Error(`the call did not end within ${boundMs} ms`);
  if (outcome.isOk()) {
    expect(v.is(chatCompletionSchema, outcome.value)).toBe(true);
    expect(outcome.value.latencyMs).toEqual(expect.any(Number));
    expect(outcome.value.attempts.length).toBeGreaterThan(0);
    return "ok";
  }
  const error: ChatwireError = outcome.error;
  expect(isChatwireError(error)).toBe(true);
  expect(kinds.has(error.kind)).toBe(true);
  expect(JSON.stringify(error)).not.toContain(plantedKey);
  return error.kind;
}

describe("any bytes as a response body (in memory, any split into reads)", () => {
  test("never throw, never hang, end in a ChatwireError or a validated response", async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        bodyArbitrary,
        statusArbitrary,
        typeArbitrary,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 4096 }),
        async (bytes, status, type, cuts, maxBodyBytes) => {
          const fetchBytes = withFetch(async () => {
            const reads = toReads(bytes, cuts);
            const body =
              status === 204
                ? null
                : new ReadableStream<Uint8Array>({
                    pull(controller) {
                      const next = reads.shift();
                      if (next === undefined) controller.close();
                      else controller.enqueue(next);
                    },
                  });
            return new Response(body, {
              status,
              headers: type === undefined ? {} : { "content-type": type },
            });
          });
          const client = newClient(
            withBaseUrl("http://127.0.0.1:9/v1"),
            withApiKey(plantedKey),
            withMaxRetries(0),
            withMaxBodyBytes(maxBodyBytes),
            withClientTimeout(2_000),
            fetchBytes,
          );
          seen.add(await settle(client, 3_000));
        },
      ),
      { numRuns: 300 },
    );
    // The runs met every outcome, so the property was not true by accident.
    expect([...seen].sort()).toStrictEqual(["decode", "http", "ok"]);
  });
});

describe("any bytes from a real loopback server (status, content type and encoding as sent)", () => {
  let server: Server;
  let origin = "";
  let next: { status: number; type: string | undefined; gzip: boolean; bytes: Uint8Array } = {
    status: 200,
    type: undefined,
    gzip: false,
    bytes: new Uint8Array(),
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const headers: Record<string, string> = {};
        if (next.type !== undefined) headers["content-type"] = next.type;
        // Claims gzip while sending raw bytes: a decompression failure must stay an Err too.
        if (next.gzip) headers["content-encoding"] = "gzip";
        res.writeHead(next.status, headers);
        res.end(next.bytes);
      });
    });
    origin = await listenOnLoopback(server);
  });

  afterAll(() => closeServer(server));

  test("never throw, never hang, end in a ChatwireError or a validated response", async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        bodyArbitrary,
        statusArbitrary,
        typeArbitrary,
        fc.boolean(),
        async (bytes, status, type, gzip) => {
          next = { status, type, gzip, bytes: status === 204 ? new Uint8Array() : bytes };
          const client = newClient(
            withBaseUrl(`${origin}/v1`),
            withApiKey(plantedKey),
            withMaxRetries(0),
            withClientTimeout(2_000),
          );
          seen.add(await settle(client, 3_000));
        },
      ),
      { numRuns: 40 },
    );
    expect(seen.has("decode") && seen.has("http")).toBe(true);
  });
});
