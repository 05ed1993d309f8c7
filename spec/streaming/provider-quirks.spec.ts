import { describe, expect, test } from "vitest";
import { type CompletionChunk, collectStream, type RequestOption, withN } from "../../lib/index.ts";
import { rawChunks, rawEvents } from "./support/raw-fixture.ts";
import { drain, fixtureBytes, openOk, replyWithStream, splitRandomly, testClient } from "./support/replay.ts";

const url = "https://stream.test/v1/chat/completions";
const text = (name: string): string => new TextDecoder().decode(fixtureBytes(name));
const chunksOf = (name: string) => rawChunks(rawEvents(text(name)));

async function chunks(name: string, ...options: RequestOption[]): Promise<CompletionChunk[]> {
  replyWithStream([fixtureBytes(name)]);
  return drain(await openOk(testClient(), ...options));
}

async function collected(name: string, ...options: RequestOption[]) {
  replyWithStream([fixtureBytes(name)]);
  const stream = await openOk(testClient(), ...options);
  return (await collectStream(stream))._unsafeUnwrap();
}

const stamped = (wire: object, isLastChunk = false) => ({
  ...wire,
  chunkLatencyMs: 0,
  totalLatencyMs: 0,
  isLastChunk,
});

describe("provider quirks in the recorded streams", () => {
  test("Azure's first chunk (empty id and model, no choices) is handed over as sent; the response takes the real id", async () => {
    const name = "azure-openai/model-router-prompt-filter-first.sse";
    const raw = chunksOf(name);
    expect((await chunks(name))[0]).toStrictEqual(stamped(raw[0]!));
    const response = await collected(name);
    expect([response.id, response.model, response.created]).toStrictEqual([
      "chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt",
      "gpt-5-nano-2025-08-07",
      1762317021,
    ]);
    expect(response.prompt_filter_results).toStrictEqual(raw[0]!.prompt_filter_results);
  });

  test("TGI 2.0: `data:` without a space, finish reason `eos_token`, no [DONE]: complete, not an error", async () => {
    const name = "hf-tgi/text-tgi-2.0-no-done.sse";
    const all = await chunks(name);
    expect(all.at(-1)).toStrictEqual(stamped(chunksOf(name).at(-1)!, true));
    const response = await collected(name);
    expect(response.choices).toStrictEqual([
      {
        index: 0,
        message: { role: "assistant", content: " The answer to the equation 1 + 1 is 2.</s>" },
        finish_reason: "eos_token",
        logprobs: null,
      },
    ]);
  });

  test("Together: finish reason `eos` kept as sent; other choice fields keep their last non-null value", async () => {
    const response = await collected("together/text-token-id-eos.sse");
    expect(response.choices).toStrictEqual([
      {
        index: 0,
        message: { role: "assistant", content: "2" },
        finish_reason: "eos",
        logprobs: null,
        text: "",
        seed: 9313781139405380000,
      },
    ]);
    expect(response.usage).toStrictEqual({ prompt_tokens: 48, completion_tokens: 2, total_tokens: 50 });
  });

  test("Groq's `event: error` over HTTP 200 ends the stream with the server's error", async () => {
    const name = "groq/error-event-midstream.sse";
    const event = rawEvents(text(name)).at(-1)!;
    const all = await chunks(name);
    const message =
      "Tool call validation failed: tool call validation failed: parameters for tool get_something_by_name did not match schema: errors: [missing properties: 'name', additionalProperties 'invalid_param' not allowed]";
    expect(event.type).toBe("error");
    expect(all.at(-2)?.isLastChunk).toBe(false);
    expect(all.at(-1)).toStrictEqual({
      choices: [],
      chunkLatencyMs: 0,
      totalLatencyMs: 0,
      isLastChunk: true,
      error: {
        kind: "http",
        message: `POST ${url} → 200, then the server sent an error in the stream: ${message}`,
        status: 400,
        serverMessage: message,
        type: "invalid_request_error",
        code: "tool_use_failed",
        bodySnippet: event.data,
        body: event.data,
        retryable: false,
      },
    });
  });

  test("OpenRouter's chunk with both `error` and `choices` ends the stream as an error; the finish chunks before it are not last", async () => {
    const name = "openrouter/error-midstream-with-comments.sse";
    const events = rawEvents(text(name));
    const all = await chunks(name);
    expect(all.slice(0, 3)).toStrictEqual(chunksOf(name).map((chunk) => stamped(chunk)));
    expect(all[3]).toStrictEqual({
      choices: [],
      chunkLatencyMs: 0,
      totalLatencyMs: 0,
      isLastChunk: true,
      error: {
        kind: "http",
        message: `POST ${url} → 200, then the server sent an error in the stream: Token limit reached`,
        status: 400,
        serverMessage: "Token limit reached",
        code: 400,
        bodySnippet: `${events[3]!.data.slice(0, 512)}…`,
        body: events[3]!.data,
        retryable: false,
      },
    });
    expect(all).toHaveLength(4);
  });

  test("Mistral's content arrays of thinking parts become one thinking part and one text part", async () => {
    const name = "mistral/reasoning-thinking-content-array.sse";
    let thinking = "";
    let answer = "";
    for (const chunk of chunksOf(name)) {
      const content = chunk.choices[0]?.delta.content;
      if (typeof content === "string") answer += content;
      else for (const part of content ?? []) for (const inner of part.thinking) thinking += inner.text;
    }
    const response = await collected(name);
    expect(response.choices[0]?.message.content).toStrictEqual([
      { type: "thinking", thinking: [{ type: "text", text: thinking }] },
      { type: "text", text: answer },
    ]);
    expect(thinking.startsWith("Okay, the user is asking how to cross the street.")).toBe(true);
    expect(answer.startsWith("To cross the street safely")).toBe(true);
  });

  test("Mistral's tool call without index or type, in the finish chunk", async () => {
    const response = await collected("mistral/tool-call-single-chunk.sse");
    expect(response.choices).toStrictEqual([
      {
        index: 0,
        message: {
          role: "assistant",
          content: "",
          tool_calls: [
            {
              id: "gSIMJiOkT",
              type: "function",
              function: { name: "weather", arguments: '{"location": "San Francisco"}' },
            },
          ],
        },
        finish_reason: "tool_calls",
        logprobs: null,
      },
    ]);
  });

  test("a tool call whose first index is 1 (Anthropic's compatibility layer)", async () => {
    const response = await collected("anthropic-openai-compat/tool-call-index-1-sanitized.sse");
    expect(response.choices[0]?.message).toStrictEqual({
      role: "assistant",
      content: "Reading it.",
      tool_calls: [
        {
          id: "toolu_sanitized",
          type: "function",
          function: { name: "read_file", arguments: '{"path": "a.txt"}' },
        },
      ],
    });
  });

  test("OpenAI's parallel tool calls are assembled by index", async () => {
    const calls = (await collected("openai/parallel-tool-calls.sse")).choices[0]?.message.tool_calls ?? [];
    expect(
      calls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)]),
    ).toStrictEqual([
      ["call_JMW1whyEaYG438VE1OIflxA2", "GetWeatherArgs", { city: "Edinburgh", country: "GB", units: "c" }],
      ["call_DNYTawLBoN8fj3KN6qU9N1Ou", "get_stock_price", { ticker: "AAPL", exchange: "NASDAQ" }],
    ]);
  });

  test("usage repeated as a running total on every chunk: the last one is kept", async () => {
    expect((await collected("hyperbolic/text-python-spacing-usage-every-chunk.sse")).usage).toStrictEqual({
      prompt_tokens: 48,
      total_tokens: 51,
      completion_tokens: 3,
    });
    const perplexity = await collected("perplexity/citations-usage-every-chunk.sse");
    expect(perplexity.usage).toStrictEqual({ prompt_tokens: 10, completion_tokens: 336, total_tokens: 346 });
    expect(perplexity.citations).toStrictEqual(
      chunksOf("perplexity/citations-usage-every-chunk.sse")[0]!.citations,
    );
  });

  test("OpenAI's moderation chunk after the usage chunk is the last chunk, and survives collection", async () => {
    const name = "openai/moderation-chunk-after-usage.sse";
    const raw = chunksOf(name);
    const all = await chunks(name);
    expect(all.slice(-2)).toStrictEqual([stamped(raw.at(-2)!), stamped(raw.at(-1)!, true)]);
    expect((await collected(name)).moderation).toStrictEqual(raw.at(-1)!.moderation);
  });

  test("n = 3: three interleaved choices, each with its own content and finish reason", async () => {
    const response = await collected("openai/n3-interleaved-choices.sse", withN(3));
    expect(
      response.choices.map((choice) => [
        choice.index,
        JSON.parse(String(choice.message.content)),
        choice.finish_reason,
      ]),
    ).toStrictEqual([
      [0, expect.objectContaining({ city: "San Francisco" }), "stop"],
      [1, expect.objectContaining({ city: "San Francisco" }), "stop"],
      [2, expect.objectContaining({ city: "San Francisco" }), "stop"],
    ]);
  });

  test("n = 3 sent as n = 1 still yields every chunk, the last one marked last", async () => {
    const name = "openai/n3-interleaved-choices.sse";
    expect(await chunks(name)).toStrictEqual(await chunks(name, withN(3)));
  });

  test("logprobs arrays are concatenated across chunks", async () => {
    const content = await collected("openai/content-logprobs.sse");
    const tokens = chunksOf("openai/content-logprobs.sse").flatMap((chunk) =>
      (chunk.choices[0]?.logprobs?.content ?? []).map((entry: { token: string }) => entry.token),
    );
    const logprobs = content.choices[0]!.logprobs as { content: { token: string }[]; refusal: null };
    expect({ tokens: logprobs.content.map((entry) => entry.token), refusal: logprobs.refusal }).toStrictEqual(
      {
        tokens,
        refusal: null,
      },
    );
    const refusal = (await collected("openai/refusal-with-logprobs.sse")).choices[0]!;
    const refusalTokens = (refusal.logprobs as { refusal: { token: string }[] }).refusal.map(
      (entry) => entry.token,
    );
    expect(refusalTokens.join("")).toBe(refusal.message.refusal);
  });

  test("cut inside every multi-byte UTF-8 character, a stream gives the same chunks", async () => {
    const name = "deepseek/reasoning-content.sse";
    const bytes = fixtureBytes(name);
    const cuts: number[] = [];
    for (let i = 1; i < bytes.length; i++) if ((bytes[i]! & 0xc0) === 0x80) cuts.push(i);
    expect(cuts.length).toBeGreaterThan(0);
    const pieces = [...cuts, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : cuts[i - 1], end));
    replyWithStream(pieces);
    expect(await drain(await openOk(testClient()))).toStrictEqual(await chunks(name));
    replyWithStream(splitRandomly(bytes, 5, 3));
    expect(await drain(await openOk(testClient()))).toStrictEqual(await chunks(name));
  });
});
