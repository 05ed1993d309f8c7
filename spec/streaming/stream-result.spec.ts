import nock from "nock";
import { describe, expect, it } from "vitest";
import { collectStream, deltaText, newCompletionRequest, type TextCompletionChunk } from "../../lib/index.ts";
import { drain, fixtureBytes, origin, replyWithStream, streamRequest, testClient } from "./support/replay.ts";

// `for await (const chunk of await client.chatCompletionStream(request))`, with `.value` forgotten, used to
// iterate neverthrow's Result: nothing at all on success, one Err on failure. The awaited Result now
// iterates as the stream.

const fixture = "openai/text-with-usage.sse";

describe("the awaited result of opening a stream", () => {
  it("iterates as the stream when it opened: the same chunks as its value", async () => {
    replyWithStream([fixtureBytes(fixture)]);
    const direct = await drain(await testClient().chatCompletionStream(streamRequest()));
    replyWithStream([fixtureBytes(fixture)]);
    const opened = await testClient().chatCompletionStream(streamRequest());
    const viaValue = await drain(opened._unsafeUnwrap());
    expect(direct.length).toBeGreaterThan(2);
    expect(direct).toStrictEqual(viaValue);
    expect(direct.map(deltaText).join("")).not.toBe("");
    expect(direct.filter((chunk) => chunk.isLastChunk)).toStrictEqual([direct.at(-1)]);
  });

  it("yields one last chunk carrying the error when it did not open", async () => {
    nock(origin)
      .post("/v1/chat/completions")
      .reply(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error" } });
    const chunks = await drain(await testClient().chatCompletionStream(streamRequest()));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ choices: [], isLastChunk: true, error: { kind: "http", status: 401 } });
  });

  it("stays a Result: isOk, match and andThen work as before", async () => {
    replyWithStream([fixtureBytes(fixture)]);
    const opened = await testClient().chatCompletionStream(streamRequest());
    expect(opened.isOk()).toBe(true);
    expect(
      opened.match(
        () => "ok",
        (error) => error.kind,
      ),
    ).toBe("ok");
    replyWithStream([fixtureBytes(fixture)]);
    const collected = await testClient().chatCompletionStream(streamRequest()).andThen(collectStream);
    expect(collected.isOk()).toBe(true);
  });

  it("does the same for text completion streams", async () => {
    nock(origin)
      .post("/v1/completions")
      .reply(503, { error: { message: "overloaded" } });
    const chunks: TextCompletionChunk[] = [];
    for await (const chunk of await testClient().completionStream(newCompletionRequest("instruct", "Once"))) {
      chunks.push(chunk);
    }
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.error).toMatchObject({ kind: "http", status: 503 });
  });
});
