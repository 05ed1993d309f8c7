import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closePartialJson, newPartialJsonScanner } from "../../lib/output/partial-json.ts";

/** Whether a partial value could grow into the final one: strings are prefixes, containers are subsets. */
function isConsistent(partial: unknown, final: unknown): boolean {
  if (typeof partial === "string") return typeof final === "string" && final.startsWith(partial);
  // A cut number reads as a shorter one (12 of 125, 1 of 1e5): any number fits a number.
  if (typeof partial === "number") return typeof final === "number";
  if (Array.isArray(partial)) {
    return (
      Array.isArray(final) &&
      partial.length <= final.length &&
      partial.every((item, index) => isConsistent(item, final[index]))
    );
  }
  if (typeof partial === "object" && partial !== null) {
    if (typeof final !== "object" || final === null || Array.isArray(final)) return false;
    const whole = final as Record<string, unknown>;
    return Object.entries(partial).every(
      ([key, value]) => Object.hasOwn(whole, key) && isConsistent(value, whole[key]),
    );
  }
  return partial === final;
}

const documents: readonly string[] = [
  '{"city":"San Francisco","temperature":65,"units":"f"}',
  '{ "city": "Paris", "country": "France" }',
  '{\n\n"name":"- Derek Petty","year" :\n4}',
  '{"a": [1, -2.5e+3, "x\\u00e9\\ud83d\\ude00y", true, null], "b": {"c": false}, "d": "q\\"z"}',
  '[[], [[]], [[1, [2, [3]]], {}], {"k": [{}]}]',
  '{"escapes": "\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00DF"}',
  '{"unicode": "ключ 飯店 😀 ﻤ", "emoji\\ud83d\\ude00key": "\\ud83d\\ude00"}',
  '{"numbers": [0, -0, 12, -7, 3.25, -0.5, 1e3, 1E-3, 2.5e+10, 0.0001, 123456789012]}',
  '{"literals": [true, false, null], "nested": {"deep": {"deeper": {"deepest": [null]}}}}',
  ' \t\r\n{ "spaced" : [ 1 , 2 ] , "empty" : "" } \n',
  '"just a string with \\"quotes\\""',
  "-12.5e-3",
  "true",
  "null",
  "[]",
  "{}",
  '{"key with spaces and : colon, comma": "value with } and ] inside"}',
];

describe("closePartialJson", () => {
  it.each(documents)("closes every prefix of %j into JSON that could grow into the document", (document) => {
    const final: unknown = JSON.parse(document);
    for (let end = 0; end <= document.length; end++) {
      const closed = closePartialJson(document.slice(0, end));
      if (closed === undefined) continue;
      const partial: unknown = JSON.parse(closed);
      expect(
        isConsistent(partial, final),
        `prefix ${JSON.stringify(document.slice(0, end))} → ${closed}`,
      ).toBe(true);
    }
    expect(JSON.parse(closePartialJson(document) ?? "")).toStrictEqual(final);
  });

  it("gives nothing until a value has started", () => {
    expect([closePartialJson(""), closePartialJson("  \n"), closePartialJson("-")]).toStrictEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['{"city":"Par', '{"city":"Par"}'],
    ['{"city"', "{}"],
    ['{"city":', "{}"],
    ['{"a":1,', '{"a":1}'],
    ['{"a":1,"b', '{"a":1}'],
    ["[1, 2,", "[1, 2]"],
    ['{"tags":["a", "b', '{"tags":["a", "b"]}'],
    ["[12.", "[12]"],
    ["[1e", "[1]"],
    ["[1e-", "[1]"],
    ["[-", "[]"],
    ["[-0", "[-0]"],
    ['{"ok":tr', '{"ok":true}'],
    ['{"none":n', '{"none":null}'],
    ["[f", "[false]"],
    ['["a\\', '["a"]'],
    ['["a\\u00', '["a"]'],
    ['["\\ud83d', '[""]'],
    ['["\\ud83d\\ude00', '["\\ud83d\\ude00"]'],
    ['{"a":{"b":[{"c":"d', '{"a":{"b":[{"c":"d"}]}}'],
  ])("closes %j as %j", (prefix, closed) => {
    expect(closePartialJson(prefix)).toBe(closed);
  });

  it("does not cut a raw surrogate pair in half", () => {
    const emoji = "😀";
    expect(closePartialJson(`["a${emoji.charAt(0)}`)).toBe('["a"]');
    expect(closePartialJson(`["a${emoji}`)).toBe(`["a${emoji}"]`);
  });

  it.each([
    "x",
    '{"a" 1}',
    '{"a":1 "b":2}',
    "[1,,2]",
    "{,}",
    '{"a":01}',
    "[1.]",
    "[1.e5]",
    "[--1]",
    "[tx]",
    '"\\x"',
    '"\\u12g4"',
    '"tab\there"',
    "[1]]",
    "{} {}",
    "[}",
    '{"a":1]',
  ])("gives nothing for %j, which no JSON document starts with", (text) => {
    expect(closePartialJson(text)).toBeUndefined();
  });

  it("gives the same result fed in pieces as fed whole", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (value, pretty, cuts) => {
          const document = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
          const end = Math.floor(document.length * 0.7);
          const text = document.slice(0, end);
          const offsets = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const scanner = newPartialJsonScanner();
          let from = 0;
          for (const offset of [...offsets, text.length]) {
            scanner.push(text.slice(from, offset));
            from = offset;
          }
          expect(scanner.closed()).toBe(closePartialJson(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("closes every prefix of generated documents into JSON consistent with the whole", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (value, pretty) => {
        const document = pretty ? JSON.stringify(value, null, 1) : JSON.stringify(value);
        const final: unknown = JSON.parse(document);
        for (let end = 0; end <= document.length; end++) {
          const closed = closePartialJson(document.slice(0, end));
          if (closed !== undefined) expect(isConsistent(JSON.parse(closed), final)).toBe(true);
        }
        expect(JSON.parse(closePartialJson(document) ?? "")).toStrictEqual(final);
      }),
      { numRuns: 200 },
    );
  });
});
