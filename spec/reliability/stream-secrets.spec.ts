// Stream error chunks keep secrets out as non-streaming errors do: a server that echoes the key and a secret
// header inside the stream (an error event, an error chunk, a line that is not JSON or not a chunk, a body
// that is not SSE, a request id header) leaks neither, in the chunk's JSON, its inspection or its message.
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import {
  type ChatwireError,
  type CompletionChunk,
  isChatwireError,
  newClient,
  withApiKey,
  withBaseUrl,
  withClock,
  withHeaders,
  withIdleTimeout,
  withMaxRetries,
} from "../../lib/index.ts";
import type { HostileScenario } from "../support/hostile-server.ts";
import { hostileClient, hostileRequest, plantedKey, useHostileServer } from "./hostile-client.ts";
import { hostileStreamRequest, readStream, streamChunks } from "./hostile-stream.ts";

const server = useHostileServer({ maxScenarioMs: 5_000 });

const secretHeaderValue = "hdr-secret-9876543210";
// Pieces of the key a message must not quote either (JSON.parse's own messages quote ten characters).
const keyPieces = [plantedKey, "sk-hostile", "0123456789", "hdr-secret"];

/** Every way a chunk or its error can be shown. */
function renderings(value: CompletionChunk | ChatwireError): string[] {
  const error: ChatwireError | undefined = isChatwireError(value) ? value : (value as CompletionChunk).error;
  return [JSON.stringify(value), inspect(value, { depth: 10 }), String(error), error?.message ?? ""];
}

function expectNoSecret(value: CompletionChunk | ChatwireError): void {
  for (const text of renderings(value)) {
    for (const piece of keyPieces) expect(text).not.toContain(piece);
  }
}

const echoed: [HostileScenario, string][] = [
  ["stream-echo-error-event", "http"],
  ["stream-echo-error-chunk", "http"],
  ["stream-echo-not-json", "decode"],
  ["stream-echo-wrong-shape", "decode"],
  ["stream-echo-not-sse", "decode"],
];

describe("a server echoing the credentials inside the stream leaks neither", () => {
  test.each(echoed)("%s: one %s error chunk, redacted", async (scenario, kind) => {
    const client = hostileClient(server(), scenario, withHeaders({ "x-api-key": secretHeaderValue }));

    const chunks = await streamChunks(client);

    const last = chunks.at(-1) as CompletionChunk;
    expect(last.error).toMatchObject({ kind });
    // The echo arrived: what the server repeated is there, redacted.
    expect(JSON.stringify(last.error)).toContain("[redacted] [redacted]");
    for (const chunk of chunks) expectNoSecret(chunk);
    expect(server().requests[0]?.headers.authorization).toBe(`Bearer ${plantedKey}`);
  });

  test("the request id header that echoes them is redacted on the stream too", async () => {
    const client = hostileClient(
      server(),
      "stream-echo-error-event",
      withHeaders({ "x-api-key": secretHeaderValue }),
    );

    const stream = (await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrap();

    expect(stream.requestId).toBe("req [redacted] [redacted]");
  });

  test("a body that is not JSON, asked for no stream, does not quote the key in its message either", async () => {
    const client = hostileClient(server(), "stream-echo-not-json", withMaxRetries(0));

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "decode", bodySnippet: "[redacted] is not allowed" });
    expectNoSecret(error);
  });
});

describe("a key in the base URL's path is not repeated by a stream's errors", () => {
  test.each<HostileScenario>(["stream-truncated", "stream-error-event", "stream-stalled", "bad-request"])(
    "%s",
    async (scenario) => {
      // Some gateways take the key in the path; the hostile server picks the scenario from the first segment.
      const client = newClient(
        withBaseUrl(`${server().origin}/s/${scenario}/${plantedKey}/v1`),
        withApiKey(plantedKey),
        withClock(() => 0),
        withMaxRetries(0),
        withIdleTimeout(100),
      );

      const opened = await client.chatCompletionStream(hostileStreamRequest);

      const failure = opened.isErr() ? opened.error : (await readStream(opened.value)).at(-1)?.error;
      expect(failure).toBeDefined();
      expectNoSecret(failure as ChatwireError);
      expect(server().requests[0]?.path).toBe(`/s/${scenario}/${plantedKey}/v1/chat/completions`);
    },
  );
});
