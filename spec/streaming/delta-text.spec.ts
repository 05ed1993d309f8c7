import { describe, expect, it } from "vitest";
import {
  assistantText,
  type ChunkDelta,
  collectStream,
  deltaMessage,
  deltaText,
  withN,
} from "../../lib/index.ts";
import { drain, fixtureBytes, openOk, replyWithStream, splitRandomly, testClient } from "./support/replay.ts";

// deltaText reads a chunk as assistantText reads a response: Mistral's reasoning models stream arrays of
// parts, where `String(content)` printed "[object Object]".

describe("deltaText", () => {
  it.each([
    ["mistral/reasoning-thinking-content-array.sse", "To cross the street safely, follow these steps:"],
    ["openai/content-logprobs.sse", ""],
    ["vllm/crusoe-vllm-0.24-text-usage.sse", ""],
  ])("gives the text of every chunk of %s, as the collected answer has it", async (name, start) => {
    const bytes = fixtureBytes(name);
    replyWithStream(splitRandomly(bytes, 7, 9));
    const streamed = (await drain(await openOk(testClient()))).map(deltaText).join("");
    replyWithStream([bytes]);
    const collected = (await openOk(testClient()).then(collectStream))._unsafeUnwrap();
    expect(streamed).toBe(assistantText(collected) ?? "");
    expect(streamed.startsWith(start)).toBe(true);
    expect(streamed).not.toContain("[object Object]");
    expect(streamed.length).toBeGreaterThan(0);
  });

  it("follows the first choice of a stream with n = 3, whose chunks OpenAI interleaves", async () => {
    const bytes = fixtureBytes("openai/n3-interleaved-choices.sse");
    replyWithStream(splitRandomly(bytes, 11, 13));
    const chunks = await drain(await openOk(testClient(), withN(3)));
    replyWithStream([bytes]);
    const collected = (await openOk(testClient(), withN(3)).then(collectStream))._unsafeUnwrap();
    const text = chunks.map(deltaText).join("");
    expect(text).toBe(collected.choices[0]?.message.content);
    expect(JSON.parse(text)).toMatchObject({ city: "San Francisco" });
    const ofOthers = chunks.filter((chunk) => (chunk.choices[0]?.index ?? 0) > 0);
    expect(ofOthers.length).toBeGreaterThan(20);
    expect(ofOthers.map(deltaMessage)).toStrictEqual(ofOthers.map(() => undefined));
  });

  it("gives an empty string for a chunk that adds no text", () => {
    const chunk = (delta: ChunkDelta) => ({ choices: [{ index: 0, delta, finish_reason: null }] });
    expect(deltaText(chunk({ tool_calls: [] }))).toBe("");
    expect(deltaText(chunk({ content: null }))).toBe("");
    expect(deltaText({ choices: [] })).toBe("");
    expect(
      deltaText(chunk({ content: [{ type: "thinking", thinking: [{ type: "text", text: "hmm" }] }] })),
    ).toBe("");
  });
});
