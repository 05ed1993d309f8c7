// chatwire/otel with captureContent: messages in the conventions' JSON shapes; and, whatever the setting,
// never the API key, never a header value, in any exported span or metric.
import { readFileSync } from "node:fs";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  newAssistantMessage,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newImagePart,
  newSystemMessage,
  newTextPart,
  newToolMessage,
  newUserMessage,
  withHeaders,
  withMaxRetries,
} from "../../lib/index.ts";
import { apiOrigin, okCompletion, plantedKey, testClient } from "../client/nock-server.ts";
import { newHarness } from "./otel-harness.ts";

const recorded = readFileSync(
  new URL("../fixtures/streams/openai/text-with-usage.sse", import.meta.url),
  "utf8",
);
const sse = { "content-type": "text/event-stream" };

const conversation = [
  newSystemMessage("Be brief."),
  newUserMessage([newTextPart("What is this?"), newImagePart("https://example.test/cat.png")]),
  newAssistantMessage(null, [
    { id: "call_9", type: "function", function: { name: "lookup", arguments: '{"q":"cat"}' } },
  ]),
  newToolMessage("call_9", "a cat"),
];

const parsed = (span: ReadableSpan | undefined, name: string): unknown =>
  JSON.parse(String(span?.attributes[name]));

describe("captureContent", () => {
  test("is off by default: no message attribute at all", async () => {
    const otel = newHarness();
    nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    await testClient(otel.telemetry()).chatCompletion(newChatCompletionRequest("gpt-4.1-nano", conversation));
    const [span] = otel.finishedSpans();
    expect(Object.keys(span?.attributes ?? {}).filter((key) => key.includes("messages"))).toStrictEqual([]);
  });

  test("records input and output messages in the conventions' shapes, as JSON strings", async () => {
    const otel = newHarness();
    nock(apiOrigin).post("/v1/chat/completions").reply(200, okCompletion);
    await testClient(otel.telemetry({ captureContent: true })).chatCompletion(
      newChatCompletionRequest("gpt-4.1-nano", conversation),
    );
    const [span] = otel.finishedSpans();
    expect(parsed(span, "gen_ai.input.messages")).toStrictEqual([
      { role: "system", parts: [{ type: "text", content: "Be brief." }] },
      {
        role: "user",
        parts: [
          { type: "text", content: "What is this?" },
          { type: "uri", modality: "image", uri: "https://example.test/cat.png" },
        ],
      },
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "call_9", name: "lookup", arguments: { q: "cat" } }],
      },
      { role: "tool", parts: [{ type: "tool_call_response", id: "call_9", response: "a cat" }] },
    ]);
    expect(parsed(span, "gen_ai.output.messages")).toStrictEqual([
      { role: "assistant", parts: [{ type: "text", content: "Hi!" }], finish_reason: "stop" },
    ]);
  });

  test("puts a stream's output together from its chunks", async () => {
    const otel = newHarness();
    nock(apiOrigin).post("/v1/chat/completions").reply(200, recorded, sse);
    const client = testClient(otel.telemetry({ captureContent: true }));
    let text = "";
    const stream = (
      await client.chatCompletionStream(newChatCompletionStreamRequest("gpt-4o", [newUserMessage("Hi")]))
    )._unsafeUnwrap();
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    const [span] = otel.finishedSpans();
    expect(parsed(span, "gen_ai.output.messages")).toStrictEqual([
      { role: "assistant", parts: [{ type: "text", content: text }], finish_reason: "stop" },
    ]);
  });
});

describe("secrets", () => {
  const secretHeader = "hdr-secret-5150-zz";

  test("neither the API key nor a header value appears in any span or metric, content captured or not", async () => {
    for (const captureContent of [false, true]) {
      const otel = newHarness();
      const client = testClient(
        otel.telemetry({ captureContent }),
        withHeaders({ "x-api-secret": secretHeader, "x-team": secretHeader }),
        withMaxRetries(1),
      );
      nock(apiOrigin)
        .post("/v1/chat/completions")
        .reply(500, { error: { message: "boom" } })
        .post("/v1/chat/completions")
        .reply(200, okCompletion)
        .post("/v1/chat/completions")
        .reply(200, recorded, sse)
        .post("/v1/chat/completions")
        .reply(401, { error: { message: "Incorrect API key provided" } })
        .get("/v1/models")
        .reply(200, { object: "list", data: [{ id: "gpt-4.1-nano" }] });
      (await client.chatCompletion(newChatCompletionRequest("gpt-4.1-nano", conversation)))._unsafeUnwrap();
      for await (const _chunk of (
        await client.chatCompletionStream(newChatCompletionStreamRequest("gpt-4o", conversation))
      )._unsafeUnwrap()) {
        // read it all
      }
      (
        await client.chatCompletion(newChatCompletionRequest("gpt-4.1-nano", conversation))
      )._unsafeUnwrapErr();
      (await client.listModels())._unsafeUnwrap();
      expect(nock.isDone()).toBe(true);

      const spans = otel.finishedSpans();
      expect(spans).toHaveLength(4);
      const exported = JSON.stringify({
        spans: spans.map((span) => ({
          name: span.name,
          attributes: span.attributes,
          events: span.events,
          status: span.status,
          resource: span.resource.attributes,
          scope: span.instrumentationScope,
        })),
        metrics: await otel.collect(),
      });
      if (captureContent) expect(exported).toContain("gen_ai.input.messages");
      expect(exported).toContain("gen_ai.client.operation.duration");
      expect(exported).not.toContain(plantedKey);
      expect(exported).not.toContain(plantedKey.slice(3));
      expect(exported).not.toContain(secretHeader);
      expect(exported).not.toContain("x-api-secret");
    }
  });
});
