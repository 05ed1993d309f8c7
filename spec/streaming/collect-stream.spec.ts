import { describe, expect, test } from "vitest";
import {
  type ChatCompletionStream,
  type CompletionChunk,
  collectStream,
  deltaMessage,
  type WireChunk,
} from "../../lib/index.ts";

/** A hand-made stream over wire chunks, each 10 ms after the previous one (the first at 25 ms). */
function streamOf(chunks: readonly WireChunk[], error?: CompletionChunk["error"]): ChatCompletionStream {
  const stamped: CompletionChunk[] = chunks.map((chunk, i) => ({
    ...chunk,
    chunkLatencyMs: i === 0 ? 25 : 10,
    totalLatencyMs: 25 + 10 * i,
    isLastChunk: error === undefined && i === chunks.length - 1,
  }));
  if (error !== undefined) {
    stamped.push({ choices: [], chunkLatencyMs: 5, totalLatencyMs: 0, isLastChunk: true, error });
  }
  return {
    headersLatencyMs: 20,
    attempts: [{ status: 200, durationMs: 20, waitMs: 0 }],
    requestId: "req-1",
    async *[Symbol.asyncIterator]() {
      yield* stamped;
    },
  };
}

const delta = (fields: Record<string, unknown>, index = 0, finish: string | null = null) => ({
  choices: [{ index, delta: fields, finish_reason: finish }],
});

const collect = async (chunks: readonly WireChunk[]) =>
  (await collectStream(streamOf(chunks)))._unsafeUnwrap();

describe("collectStream", () => {
  test("assembles a plain text stream into a response, with its timing and call details", async () => {
    const response = await collect([
      { id: "", model: "", created: 0, choices: [] },
      { id: "c1", model: "m", created: 7, ...delta({ role: "assistant", content: "" }) },
      { id: "c1", model: "m", created: 8, ...delta({ content: "Hel" }), system_fingerprint: "fp" },
      { id: "c1", model: "m", ...delta({ content: "lo" }, 0, "stop"), system_fingerprint: null },
      { id: "c1", model: "m", choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } },
    ]);
    expect(response).toStrictEqual({
      id: "c1",
      object: "chat.completion",
      created: 7,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 2 },
      system_fingerprint: "fp",
      latencyMs: 65,
      requestId: "req-1",
      attempts: [{ status: 200, durationMs: 20, waitMs: 0 }],
      timing: {
        headersLatencyMs: 20,
        totalLatencyMs: 65,
        attempts: [{ status: 200, durationMs: 20, waitMs: 0 }],
        chunkCount: 5,
        timeToFirstChunkMs: 25,
        timeToFirstTokenMs: 45,
        timeToFirstContentMs: 45,
        interChunkMedianMs: 10,
        interChunkP90Ms: 10,
        interChunkP99Ms: 10,
        interChunkMaxMs: 10,
        outputTokensPerSecond: 50,
      },
    });
  });

  test("a stream that failed gives its error", async () => {
    const error = { kind: "network", message: "gone", retryable: true } as const;
    const result = await collectStream(streamOf([delta({ content: "a" })], error));
    expect(result._unsafeUnwrapErr()).toStrictEqual(error);
  });

  test("a hand-made stream that throws gives a network error instead of rejecting", async () => {
    const stream: ChatCompletionStream = {
      headersLatencyMs: 0,
      attempts: [],
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("broken")) }),
    };
    expect((await collectStream(stream))._unsafeUnwrapErr()).toStrictEqual({
      kind: "network",
      message: "reading the stream failed: broken",
      retryable: true,
    });
  });

  test("refusal, reasoning_content and reasoning are concatenated; a field only ever null stays null", async () => {
    const response = await collect([
      delta({ role: "assistant", content: null, refusal: null, reasoning_content: "Think", reasoning: null }),
      delta({ content: null, refusal: "No", reasoning_content: "ing." }),
      delta({ refusal: "pe." }, 0, "stop"),
    ]);
    expect(response.choices[0]?.message).toStrictEqual({
      role: "assistant",
      content: null,
      refusal: "Nope.",
      reasoning_content: "Thinking.",
      reasoning: null,
    });
  });

  test("tool calls: by index (several in parallel, first index 1), arguments concatenated, name resent", async () => {
    const response = await collect([
      delta({
        tool_calls: [{ index: 1, id: "a", type: "function", function: { name: "get", arguments: "" } }],
      }),
      delta({
        tool_calls: [{ index: 2, id: "b", type: "function", function: { name: "put", arguments: '{"x"' } }],
      }),
      delta({ tool_calls: [{ index: 1, id: "", function: { name: "get", arguments: '{"y":' } }] }),
      delta({
        tool_calls: [
          { index: 2, function: { arguments: ":1}" } },
          { index: 1, function: { arguments: "2}" } },
        ],
      }),
      delta({}, 0, "tool_calls"),
    ]);
    expect(response.choices[0]?.message.tool_calls).toStrictEqual([
      { id: "a", type: "function", function: { name: "get", arguments: '{"y":2}' } },
      { id: "b", type: "function", function: { name: "put", arguments: '{"x":1}' } },
    ]);
  });

  test("tool calls without index (Mistral): each new id is a new call, pieces without id join the latest", async () => {
    const response = await collect([
      delta({
        tool_calls: [
          { id: "m1", function: { name: "weather", arguments: '{"city":"Paris"}' } },
          { id: "m2", function: { name: "weather", arguments: '{"city":' } },
        ],
      }),
      delta({ tool_calls: [{ function: { arguments: '"Rome"}' } }] }, 0, "tool_calls"),
    ]);
    expect(response.choices[0]?.message.tool_calls).toStrictEqual([
      { id: "m1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
      { id: "m2", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } },
    ]);
  });

  test("tool calls that reuse index 0 with a new id are separate calls; extra fields keep their last value", async () => {
    const response = await collect([
      delta({
        tool_calls: [
          { index: 0, id: "g1", function: { name: "a", arguments: "{}" }, extra_content: { s: 1 } },
        ],
      }),
      delta(
        { tool_calls: [{ index: 0, id: "g2", function: { name: "b", arguments: "{}" } }] },
        0,
        "tool_calls",
      ),
    ]);
    expect(response.choices[0]?.message.tool_calls).toStrictEqual([
      { id: "g1", type: "function", function: { name: "a", arguments: "{}" }, extra_content: { s: 1 } },
      { id: "g2", type: "function", function: { name: "b", arguments: "{}" } },
    ]);
  });

  test("content arrays: thinking parts merge, text parts and later strings merge, other parts are kept", async () => {
    const thinking = (text: string) => ({ type: "thinking", thinking: [{ type: "text", text }] });
    const response = await collect([
      delta({ content: "" }),
      delta({ content: [thinking("Let me")] }),
      delta({ content: [thinking(" think.")] }),
      delta({ content: [{ type: "text", text: "It is" }] }),
      delta({ content: " 4." }),
      delta({ content: [{ type: "image_url", image_url: { url: "u" } }] }, 0, "stop"),
    ]);
    expect(response.choices[0]?.message.content).toStrictEqual([
      thinking("Let me think."),
      { type: "text", text: "It is 4." },
      { type: "image_url", image_url: { url: "u" } },
    ]);
  });

  test("several choices are kept apart and ordered by index; finish reasons are never overwritten by null", async () => {
    const response = await collect([
      delta({ content: "B" }, 1),
      delta({ content: "A" }, 0, "stop"),
      delta({ content: "" }, 0, null),
      delta({ content: "b" }, 1, "length"),
    ]);
    expect(
      response.choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason]),
    ).toStrictEqual([
      [0, "A", "stop"],
      [1, "Bb", "length"],
    ]);
  });

  test("logprobs: arrays concatenated per field, choice fields keep their last non-null value", async () => {
    const entry = (token: string) => ({ token, logprob: -1, bytes: [], top_logprobs: [] });
    const response = await collect([
      {
        choices: [{ index: 0, delta: { content: "a" }, logprobs: { content: [entry("a")], refusal: null } }],
      },
      { choices: [{ index: 0, delta: { content: "b" }, logprobs: null, stop_reason: null }] },
      {
        choices: [
          {
            index: 0,
            delta: {},
            logprobs: { content: [entry("b")] },
            finish_reason: "stop",
            stop_reason: "eos",
          },
        ],
      },
    ]);
    expect(response.choices[0]).toStrictEqual({
      index: 0,
      message: { role: "assistant", content: "ab" },
      finish_reason: "stop",
      logprobs: { content: [entry("a"), entry("b")], refusal: null },
      stop_reason: "eos",
    });
  });

  test("a __proto__ key in a chunk stays inert data in the response", async () => {
    const chunk = JSON.parse(
      '{"id":"c","__proto__":{"polluted":true},"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop","__proto__":{"polluted":true}}]}',
    ) as WireChunk;
    const response = await collect([chunk]);
    expect(Object.hasOwn(response, "__proto__")).toBe(true);
    expect(Object.hasOwn(response.choices[0]!, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect((response as { polluted?: boolean }).polluted).toBeUndefined();
  });

  test("inter-chunk median of an even count is the mean of the middle gaps; p99 is the nearest rank", async () => {
    const stream: ChatCompletionStream = {
      headersLatencyMs: 1,
      attempts: [],
      async *[Symbol.asyncIterator]() {
        const gaps = [5, 1, 3, 2, 100];
        let total = 0;
        for (const [i, gap] of gaps.entries()) {
          total += gap;
          yield {
            choices: [],
            chunkLatencyMs: gap,
            totalLatencyMs: total,
            isLastChunk: i === gaps.length - 1,
          };
        }
      },
    };
    expect((await collectStream(stream))._unsafeUnwrap().timing).toStrictEqual({
      headersLatencyMs: 1,
      totalLatencyMs: 111,
      attempts: [],
      chunkCount: 5,
      timeToFirstChunkMs: 5,
      interChunkMedianMs: 2.5,
      interChunkP90Ms: 100,
      interChunkP99Ms: 100,
      interChunkMaxMs: 100,
    });
  });
});

describe("deltaMessage", () => {
  test("gives the first choice's delta, or undefined for a chunk without choices", () => {
    expect(deltaMessage({ choices: [{ index: 0, delta: { content: "Hi" } }] })).toStrictEqual({
      content: "Hi",
    });
    expect(deltaMessage({ choices: [] })).toBeUndefined();
  });
});
