// The hostile server's streaming scenarios, read raw: what each one sends, so that the streaming specs
// can rely on it (they assert chatwire's behaviour; these assert the server's).
import { describe, expect, test } from "vitest";
import {
  type HostileScenario,
  hostileErrorChunk,
  hostileErrorEvent,
  hostileGarbageLine,
  hostileStreamText,
} from "../support/hostile-server.ts";
import { useHostileServer } from "./hostile-client.ts";

const server = useHostileServer({ maxEndlessBytes: 8 * 1024 * 1024, maxScenarioMs: 5_000 });

function post(scenario: HostileScenario, stream = true, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server().baseUrl(scenario)}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "hostile-model", messages: [], stream }),
    ...(signal === undefined ? {} : { signal }),
  });
}

/** Reads up to `maxBytes`, then cancels; gives the bytes and how the read ended. */
async function readRaw(response: Response, maxBytes = Number.POSITIVE_INFINITY) {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ending: "done" | "error" | "cut" = "done";
  for (;;) {
    const read = await reader.read().catch(() => undefined);
    if (read === undefined) {
      ending = "error";
      break;
    }
    if (read.done) break;
    chunks.push(read.value);
    size += read.value.length;
    if (size >= maxBytes) {
      ending = "cut";
      await reader.cancel();
      break;
    }
  }
  return { text: Buffer.concat(chunks).toString("utf8"), size, reads: chunks.length, ending };
}

describe("stream scenarios", () => {
  test.each([
    ["stream-ok", hostileStreamText()],
    ["stream-no-done", hostileStreamText("\n", false)],
    ["stream-cr-only", hostileStreamText("\r")],
    ["stream-crlf", hostileStreamText("\r\n")],
    ["stream-one-byte-writes", hostileStreamText()],
    ["stream-split-utf8", hostileStreamText()],
  ] as const)("%s sends the whole stream as described", async (scenario, expected) => {
    const response = await post(scenario);

    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(await readRaw(response)).toMatchObject({ text: expected, ending: "done" });
  });

  test("stream-no-done has no [DONE]; stream-cr-only has no LF", async () => {
    expect((await readRaw(await post("stream-no-done"))).text).not.toContain("[DONE]");
    expect((await readRaw(await post("stream-cr-only"))).text).not.toContain("\n");
  });

  test("stream-one-byte-writes arrives in many reads", async () => {
    expect((await readRaw(await post("stream-one-byte-writes"))).reads).toBeGreaterThan(10);
  });

  test("stream-truncated: two events, part of a third, then the connection is cut", async () => {
    const read = await readRaw(await post("stream-truncated"));

    expect(read.ending).toBe("error");
    expect(hostileStreamText().startsWith(read.text)).toBe(true);
    expect(read.text.split("data:")).toHaveLength(4);
  });

  test("stream-garbage-line: one unparseable data line among valid events, then [DONE]", async () => {
    const { text } = await readRaw(await post("stream-garbage-line"));

    expect(text).toContain(`\n\n${hostileGarbageLine}\n\n`);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  test("stream-error-event: two chunks, then `event: error` with an OpenAI-shaped error, no [DONE]", async () => {
    const { text } = await readRaw(await post("stream-error-event"));

    expect(text.endsWith(`event: error\ndata: ${JSON.stringify(hostileErrorEvent)}\n\n`)).toBe(true);
    expect(text).not.toContain("[DONE]");
  });

  test("stream-error-chunk: a chunk carrying `error`, then [DONE]", async () => {
    const { text } = await readRaw(await post("stream-error-chunk"));

    expect(text).toContain(`data: ${JSON.stringify(hostileErrorChunk)}\n\ndata: [DONE]\n\n`);
  });

  test("stream-comments: comment lines between the events", async () => {
    const { text } = await readRaw(await post("stream-comments"));

    expect(text.startsWith(": OPENROUTER PROCESSING\n\n")).toBe(true);
    expect(text.replace(/^:.*\n\n?/gm, "")).toBe(hostileStreamText());
  });

  test("stream-as-json answers a stream request with a JSON completion", async () => {
    const response = await post("stream-as-json");

    expect(response.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse((await readRaw(response)).text)).toMatchObject({ object: "chat.completion" });
  });

  test("stream-stalled: two events, then silence until the client leaves", async () => {
    const controller = new AbortController();
    const response = await post("stream-stalled", true, controller.signal);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: /);
    controller.abort();

    expect((await server().settledReply(0)).state).toBe("client-closed");
  });

  test.each([
    [
      "stream-endless-line",
      /^data: \{"id":"chatcmpl-hostile","choices":\[\{"index":0,"delta":\{"content":"a+$/,
    ],
    ["stream-endless", /^(data: \{[^\n]+\}\n\n)+/],
  ] as const)("%s goes on until the client leaves", async (scenario, shape) => {
    const read = await readRaw(await post(scenario), 1024 * 1024);

    expect(read.ending).toBe("cut");
    expect(read.text).toMatch(shape);
    const reply = await server().settledReply(0);
    expect(reply.state).toBe("client-closed");
    expect(reply.bytesWritten).toBeLessThan(8 * 1024 * 1024);
  });

  test("every '…-then-ok' and gzip scenario answers a stream request with the stream", async () => {
    for (const scenario of ["rate-limited-then-ok", "gzip"] as const) {
      server().reset();
      let response = await post(scenario);
      if (response.status === 429) response = await post(scenario);
      expect(await readRaw(response)).toMatchObject({ text: hostileStreamText(), ending: "done" });
    }
  });

  test("the model name selects the scenario when the path does not", async () => {
    const response = await fetch(`${server().baseUrl()}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "stream-no-done", messages: [] }),
    });

    expect((await readRaw(response)).text).toBe(hostileStreamText("\n", false));
    expect(server().requests[0]?.scenario).toBe("stream-no-done");
  });
});
