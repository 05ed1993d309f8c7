import * as v from "valibot";
import { describe, expect, test } from "vitest";
import { chunkSchema } from "../../lib/schema/chunk-schema.ts";
import { shapeIssue } from "../../lib/schema/shape-issue.ts";
import { textChunkSchema } from "../../lib/schema/text-completion-schemas.ts";

const parse = (text: string): unknown => JSON.parse(text);

/** The path and the expected/received words of the first issue, as a decode error names them. */
function firstIssue(
  schema: v.GenericSchema,
  value: unknown,
): { field: string; expected: string } | undefined {
  const issue = shapeIssue(schema, value);
  return issue && { field: v.getDotPath(issue) ?? "", expected: issue.expected ?? issue.type };
}

describe("chunkSchema", () => {
  test("a chunk that fits passes and is the parsed object, left as sent, unknown fields included", () => {
    const text =
      '{"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi","refusal":null,"reasoning_content":null,"reasoning":"r","tool_calls":[{"index":0,"id":"call","type":"function","function":{"name":"f","arguments":"{}"},"extra_content":{}}],"channel":"analysis"},"finish_reason":"eos_token","logprobs":{"content":[]},"stop_reason":null}],"usage":{"prompt_tokens":1,"completion_tokens":2,"cost":0.1},"x_groq":{"id":"q"}}';
    const chunk = parse(text);
    expect(v.is(chunkSchema, chunk)).toBe(true);
    expect(chunk).toStrictEqual(parse(text));
  });

  test("content may be an array of parts (Mistral), tool_calls null (Together), index and type absent (Mistral)", () => {
    const chunk = parse(
      '{"choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[]}],"tool_calls":null}},{"index":1,"delta":{"tool_calls":[{"id":"x","function":{"name":"f","arguments":null}}]}}]}',
    );
    expect(v.is(chunkSchema, chunk)).toBe(true);
  });

  test("a chunk without choices gets an empty array, a choice without delta an empty object", () => {
    const chunk = parse('{"id":"c","usage":null}');
    expect(v.is(chunkSchema, chunk)).toBe(true);
    expect(chunk).toStrictEqual({ id: "c", usage: null, choices: [] });
    const finishing = parse('{"choices":[{"index":0,"finish_reason":"stop","delta":null}]}');
    expect(v.is(chunkSchema, finishing)).toBe(true);
    expect(finishing).toStrictEqual({ choices: [{ index: 0, finish_reason: "stop", delta: {} }] });
  });

  test('"error": null is dropped: on a chunk, error is chatwire\'s field', () => {
    const chunk = parse('{"id":"c","error":null,"choices":[{"index":0,"delta":{"content":"a"}}]}');
    expect(v.is(chunkSchema, chunk)).toBe(true);
    expect(chunk).toStrictEqual({ id: "c", choices: [{ index: 0, delta: { content: "a" } }] });
  });

  test("a __proto__ key stays inert data", () => {
    const chunk = parse(
      '{"choices":[{"index":0,"delta":{"content":"a","__proto__":{"polluted":true}}}]}',
    ) as {
      choices: [{ delta: object }];
    };
    expect(v.is(chunkSchema, chunk)).toBe(true);
    expect(Object.hasOwn(chunk.choices[0].delta, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  const misfits: ReadonlyArray<readonly [string, string, string]> = [
    ["null", "", "Object"],
    ['"text"', "", "Object"],
    ["[]", "choices", '"choices"'],
    ['{"choices":{}}', "choices", "Array"],
    ['{"choices":[1]}', "choices.0", "Object"],
    ['{"choices":[{"delta":{}}]}', "choices.0.index", '"index"'],
    ['{"choices":[{"index":-1,"delta":{}}]}', "choices.0.index", ">=0"],
    ['{"choices":[{"index":0.5,"delta":{}}]}', "choices.0.index", "integer"],
    ['{"choices":[{"index":0,"delta":{},"finish_reason":3}]}', "choices.0.finish_reason", "string"],
    ['{"choices":[{"index":0,"delta":"hi"}]}', "choices.0.delta", "Object"],
    ['{"choices":[{"index":0,"delta":{"role":1}}]}', "choices.0.delta.role", "string"],
    [
      '{"choices":[{"index":0,"delta":{}},{"index":1,"delta":{"content":5}}]}',
      "choices.1.delta.content",
      "(string | Array)",
    ],
    ['{"choices":[{"index":0,"delta":{"refusal":{}}}]}', "choices.0.delta.refusal", "string"],
    [
      '{"choices":[{"index":0,"delta":{"reasoning_content":[]}}]}',
      "choices.0.delta.reasoning_content",
      "string",
    ],
    ['{"choices":[{"index":0,"delta":{"reasoning":true}}]}', "choices.0.delta.reasoning", "string"],
    ['{"choices":[{"index":0,"delta":{"tool_calls":{}}}]}', "choices.0.delta.tool_calls", "Array"],
    ['{"choices":[{"index":0,"delta":{"tool_calls":["x"]}}]}', "choices.0.delta.tool_calls.0", "Object"],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"index":"0"}]}}]}',
      "choices.0.delta.tool_calls.0.index",
      "number",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"id":7}]}}]}',
      "choices.0.delta.tool_calls.0.id",
      "string",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"type":[]}]}}]}',
      "choices.0.delta.tool_calls.0.type",
      "string",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"function":"f"}]}}]}',
      "choices.0.delta.tool_calls.0.function",
      "Object",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{},{"function":{"name":1}}]}}]}',
      "choices.0.delta.tool_calls.1.function.name",
      "string",
    ],
    [
      '{"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":{}}}]}}]}',
      "choices.0.delta.tool_calls.0.function.arguments",
      "string",
    ],
    ['{"choices":[],"usage":5}', "usage", "Object"],
    ['{"choices":[],"usage":{"completion_tokens":1}}', "usage.prompt_tokens", '"prompt_tokens"'],
    ['{"choices":[],"usage":{"prompt_tokens":1}}', "usage.completion_tokens", '"completion_tokens"'],
    [
      '{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":"2"}}',
      "usage.total_tokens",
      "number",
    ],
  ];

  for (const [text, field, expected] of misfits) {
    test(`names ${field === "" ? "the chunk" : field} in ${text}`, () => {
      expect(firstIssue(chunkSchema, parse(text))).toStrictEqual({ field, expected });
    });
  }
});

describe("textChunkSchema", () => {
  test("a text chunk that fits is the parsed object; missing choices become an empty array", () => {
    const text =
      '{"id":"t","choices":[{"index":0,"text":"Hi","finish_reason":null,"logprobs":null,"stop_reason":1}]}';
    const chunk = parse(text);
    expect(v.is(textChunkSchema, chunk)).toBe(true);
    expect(chunk).toStrictEqual(parse(text));
    const usageOnly = parse('{"id":"t","error":null,"usage":{"prompt_tokens":1,"completion_tokens":2}}');
    expect(v.is(textChunkSchema, usageOnly)).toBe(true);
    expect(usageOnly).toStrictEqual({
      id: "t",
      usage: { prompt_tokens: 1, completion_tokens: 2 },
      choices: [],
    });
  });

  test.each([
    ['{"choices":[{"index":0,"text":5}]}', "choices.0.text", "string"],
    ['{"choices":[{"text":"a"}]}', "choices.0.index", '"index"'],
    ['{"choices":[{"index":0,"text":"a","finish_reason":[]}]}', "choices.0.finish_reason", "string"],
  ])("names the first field at fault in %s", (text, field, expected) => {
    expect(firstIssue(textChunkSchema, parse(text))).toStrictEqual({ field, expected });
  });
});
