import { describe, expect, test } from "vitest";
import { checkChunk } from "../../lib/streaming/chunk-check.ts";

const parse = (text: string): unknown => JSON.parse(text);

describe("checkChunk", () => {
  test("a chunk that fits passes and is left as sent, unknown fields included", () => {
    const text =
      '{"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi","refusal":null,"reasoning_content":null,"reasoning":"r","tool_calls":[{"index":0,"id":"call","type":"function","function":{"name":"f","arguments":"{}"},"extra_content":{}}],"channel":"analysis"},"finish_reason":"eos_token","logprobs":{"content":[]},"stop_reason":null}],"usage":{"prompt_tokens":1,"completion_tokens":2,"cost":0.1},"x_groq":{"id":"q"}}';
    const chunk = parse(text);
    expect(checkChunk(chunk)).toBeUndefined();
    expect(chunk).toStrictEqual(parse(text));
  });

  test("content may be an array of parts (Mistral), tool_calls null (Together), index and type absent (Mistral)", () => {
    const chunk = parse(
      '{"choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[]}],"tool_calls":null}},{"index":1,"delta":{"tool_calls":[{"id":"x","function":{"name":"f","arguments":null}}]}}]}',
    );
    expect(checkChunk(chunk)).toBeUndefined();
  });

  test("a chunk without choices gets an empty array, a choice without delta an empty object", () => {
    const chunk = parse('{"id":"c","usage":null}');
    expect(checkChunk(chunk)).toBeUndefined();
    expect(chunk).toStrictEqual({ id: "c", usage: null, choices: [] });
    const finishing = parse('{"choices":[{"index":0,"finish_reason":"stop","delta":null}]}');
    expect(checkChunk(finishing)).toBeUndefined();
    expect(finishing).toStrictEqual({ choices: [{ index: 0, finish_reason: "stop", delta: {} }] });
  });

  test("a __proto__ key stays inert data", () => {
    const chunk = parse(
      '{"choices":[{"index":0,"delta":{"content":"a","__proto__":{"polluted":true}}}]}',
    ) as {
      choices: [{ delta: object }];
    };
    expect(checkChunk(chunk)).toBeUndefined();
    expect(Object.hasOwn(chunk.choices[0].delta, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  const misfits: ReadonlyArray<readonly [string, string, string]> = [
    ["[]", "", "a JSON object"],
    ["null", "", "a JSON object"],
    ['{"choices":{}}', "choices", "an array"],
    ['{"choices":[1]}', "choices.0", "an object"],
    ['{"choices":[{"delta":{}}]}', "choices.0.index", "a non-negative integer"],
    ['{"choices":[{"index":-1,"delta":{}}]}', "choices.0.index", "a non-negative integer"],
    ['{"choices":[{"index":0.5,"delta":{}}]}', "choices.0.index", "a non-negative integer"],
    ['{"choices":[{"index":0,"delta":{},"finish_reason":3}]}', "choices.0.finish_reason", "a string or null"],
    ['{"choices":[{"index":0,"delta":"hi"}]}', "choices.0.delta", "an object"],
    ['{"choices":[{"index":0,"delta":{"role":1}}]}', "choices.0.delta.role", "a string or null"],
    [
      '{"choices":[{"index":0,"delta":{}},{"index":1,"delta":{"content":5}}]}',
      "choices.1.delta.content",
      "a string, an array of parts or null",
    ],
    ['{"choices":[{"index":0,"delta":{"refusal":{}}}]}', "choices.0.delta.refusal", "a string or null"],
    [
      '{"choices":[{"index":0,"delta":{"reasoning_content":[]}}]}',
      "choices.0.delta.reasoning_content",
      "a string or null",
    ],
    ['{"choices":[{"index":0,"delta":{"reasoning":true}}]}', "choices.0.delta.reasoning", "a string or null"],
    ['{"choices":[{"index":0,"delta":{"tool_calls":{}}}]}', "choices.0.delta.tool_calls", "an array or null"],
    ['{"choices":[{"index":0,"delta":{"tool_calls":["x"]}}]}', "choices.0.delta.tool_calls.0", "an object"],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"index":"0"}]}}]}',
      "choices.0.delta.tool_calls.0.index",
      "a non-negative integer",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"id":7}]}}]}',
      "choices.0.delta.tool_calls.0.id",
      "a string or null",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"type":[]}]}}]}',
      "choices.0.delta.tool_calls.0.type",
      "a string or null",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"function":"f"}]}}]}',
      "choices.0.delta.tool_calls.0.function",
      "an object",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{},{"function":{"name":1}}]}}]}',
      "choices.0.delta.tool_calls.1.function.name",
      "a string or null",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":{}}}]}}]}',
      "choices.0.delta.tool_calls.0.function.arguments",
      "a string or null",
    ],
    ['{"choices":[],"usage":5}', "usage", "an object or null"],
    ['{"choices":[],"usage":{"completion_tokens":1}}', "usage.prompt_tokens", "a number"],
    ['{"choices":[],"usage":{"prompt_tokens":1}}', "usage.completion_tokens", "a number"],
  ];

  for (const [text, field, expected] of misfits) {
    test(`names ${field === "" ? "the chunk" : field} in ${text}`, () => {
      expect(checkChunk(parse(text))).toStrictEqual({ field, expected });
    });
  }
});
