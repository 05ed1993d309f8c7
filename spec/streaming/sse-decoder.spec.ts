import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { endSse, feedSse, newSseDecoder, type SseStatus } from "../../lib/streaming/sse-decoder.ts";

type Event = readonly [type: string, data: string];

const encoder = new TextEncoder();

/** Feeds the pieces, then ends the input; returns the events and the last status. */
function decode(
  pieces: readonly Uint8Array[],
  maxEventBytes = 1 << 20,
): { events: Event[]; status: SseStatus } {
  const decoder = newSseDecoder(maxEventBytes);
  const events: Event[] = [];
  const onEvent = (type: string, data: string): boolean => {
    events.push([type, data]);
    return true;
  };
  let status: SseStatus = "more";
  for (const piece of pieces) {
    status = feedSse(decoder, piece, onEvent);
    if (status !== "more") return { events, status };
  }
  return { events, status: endSse(decoder, onEvent) };
}

const bytesOf = (text: string): Uint8Array => encoder.encode(text);

/** Every way of cutting the bytes in two, plus one byte at a time. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [[bytes]];
  for (let at = 1; at < bytes.length; at++) out.push([bytes.subarray(0, at), bytes.subarray(at)]);
  out.push(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
  return out;
}

const cases: ReadonlyArray<{ name: string; wire: string | Uint8Array; events: Event[] }> = [
  {
    name: "LF endings, comments, a multi-line data, named events, data: without space, id and retry",
    wire:
      ": keep-alive\n\n" +
      'data: {"a":1}\n\n' +
      "data:no-space\n\n" +
      "data: first\ndata: second\ndata\n\n" +
      "event: error\ndata: boom\n\n" +
      "id: 7\nretry: 1000\ndata:  two spaces\n\n" +
      ": trailing comment\n",
    events: [
      ["message", '{"a":1}'],
      ["message", "no-space"],
      ["message", "first\nsecond\n"],
      ["error", "boom"],
      ["message", " two spaces"],
    ],
  },
  {
    name: "CRLF endings",
    wire: 'data: {"a":1}\r\n\r\n: ping\r\nevent: done\r\ndata: x\r\ndata: y\r\n\r\n',
    events: [
      ["message", '{"a":1}'],
      ["done", "x\ny"],
    ],
  },
  {
    name: "CR endings",
    wire: "data: a\r\rdata: b\rdata: c\r\r",
    events: [
      ["message", "a"],
      ["message", "b\nc"],
    ],
  },
  {
    name: "a BOM, then multi-byte UTF-8 (2, 3 and 4 bytes)",
    wire: "\uFEFFdata: café 東京 🚀\n\ndata: ü\n\n",
    events: [
      ["message", "café 東京 🚀"],
      ["message", "ü"],
    ],
  },
  {
    name: "an event with no data line, an empty data, and a last event without its blank line",
    wire: "event: ping\n\ndata:\n\ndata: [DONE]\n",
    events: [
      ["message", ""],
      ["message", "[DONE]"],
    ],
  },
  {
    name: "a last line cut short is dropped",
    wire: 'data: {"a":1}\n\ndata: {"tr',
    events: [["message", '{"a":1}']],
  },
];

describe("newSseDecoder", () => {
  for (const { name, wire, events } of cases) {
    test(`${name}: the same events at every split offset`, () => {
      const bytes = typeof wire === "string" ? bytesOf(wire) : wire;
      for (const pieces of splits(bytes)) expect(decode(pieces)).toStrictEqual({ events, status: "more" });
    });
  }

  test("a BOM only counts at the very start", () => {
    expect(decode([bytesOf("data: a\n\n\uFEFFdata: b\n\n")]).events).toStrictEqual([["message", "a"]]);
  });

  test("bytes that are not UTF-8 become replacement characters, not an exception", () => {
    const bytes = new Uint8Array([...bytesOf("data: "), 0xff, 0xfe, ...bytesOf("\n\n")]);
    expect(decode([bytes]).events).toStrictEqual([["message", "\uFFFD\uFFFD"]]);
  });

  test("the handler stops decoding by returning false", () => {
    const decoder = newSseDecoder(1000);
    const seen: string[] = [];
    const status = feedSse(decoder, bytesOf("data: a\n\ndata: b\n\n"), (_type, data) => {
      seen.push(data);
      return false;
    });
    expect({ status, seen, later: feedSse(decoder, bytesOf("data: c\n\n"), () => true) }).toStrictEqual({
      status: "stopped",
      seen: ["a"],
      later: "stopped",
    });
  });

  test("counts events and remembers the first line that is not SSE", () => {
    const decoder = newSseDecoder(1000);
    feedSse(decoder, bytesOf('<html>\n{"error": "nope"}\n'), () => true);
    expect([decoder.eventCount, decoder.strayLine]).toStrictEqual([0, "<html>"]);
    feedSse(decoder, bytesOf("data: x\n\nstray after\n"), () => true);
    expect([decoder.eventCount, decoder.strayLine]).toStrictEqual([1, "<html>"]);
  });

  describe("maxEventBytes", () => {
    test("an event of exactly the bound passes, one byte more fails", () => {
      expect(decode([bytesOf(`data: ${"a".repeat(10)}\n\n`)], 10)).toStrictEqual({
        events: [["message", "a".repeat(10)]],
        status: "more",
      });
      expect(decode([bytesOf(`data: ${"a".repeat(11)}\n\n`)], 10)).toStrictEqual({
        events: [],
        status: "too_large",
      });
    });

    test("a complete event is held to the bound in UTF-8 bytes", () => {
      // 4 characters, 8 bytes.
      expect(decode([bytesOf("data: éééé\n\n")], 8).events).toStrictEqual([["message", "éééé"]]);
      expect(decode([bytesOf("data: éééé\n\n")], 7)).toStrictEqual({ events: [], status: "too_large" });
    });

    test("an astral character counts its 4 UTF-8 bytes, however the bytes are split", () => {
      // 4 emoji: 8 UTF-16 code units, 16 UTF-8 bytes.
      const emoji = "🙂🚀🎉🌍";
      for (const pieces of splits(bytesOf(`data: ${emoji}\n\n`))) {
        expect(decode(pieces, 16)).toStrictEqual({ events: [["message", emoji]], status: "more" });
        expect(decode(pieces, 15)).toStrictEqual({ events: [], status: "too_large" });
      }
    });

    test("many data lines add up", () => {
      expect(decode([bytesOf("data: aaaa\ndata: bbbb\ndata: cccc\n\n")], 10).status).toBe("too_large");
    });

    test("a line that never ends stops decoding as soon as it passes the bound, however small the reads", () => {
      const decoder = newSseDecoder(1000);
      let status: SseStatus = feedSse(decoder, bytesOf("data: "), () => true);
      let fed = 6;
      while (status === "more" && fed < 100_000) {
        status = feedSse(decoder, bytesOf("x".repeat(7)), () => true);
        fed += 7;
      }
      expect({ status, stoppedWithin: fed <= 1000 + 7 }).toStrictEqual({
        status: "too_large",
        stoppedWithin: true,
      });
    });

    test("comment lines do not add up", () => {
      const comments = ": keep-alive\n".repeat(100);
      expect(decode([bytesOf(`${comments}data: a\n\n`)], 20).events).toStrictEqual([["message", "a"]]);
    });
  });

  test("property: an SSE stream split anywhere gives the events it encodes", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 }).map((value) => value.replace(/[\r\n]/g, ""));
    const event = fc.record({
      type: fc.constantFrom(undefined, "message", "error", "ping"),
      lines: fc.array(text, { minLength: 1, maxLength: 3 }),
      comment: fc.boolean(),
      space: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 6 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (events, eol, bom, cuts) => {
          let wire = bom ? "\uFEFF" : "";
          for (const { type, lines, comment, space } of events) {
            if (comment) wire += `: note${eol}`;
            if (type !== undefined) wire += `event: ${type}${eol}`;
            // Without the space, a value starting with a space would lose it: keep the space then.
            for (const line of lines) wire += `data:${space || line.startsWith(" ") ? " " : ""}${line}${eol}`;
            wire += eol;
          }
          const bytes = bytesOf(wire);
          const offsets = [...new Set(cuts.map((cut) => (bytes.length === 0 ? 0 : cut % bytes.length)))].sort(
            (a, b) => a - b,
          );
          const pieces: Uint8Array[] = [];
          let start = 0;
          for (const offset of [...offsets, bytes.length]) {
            pieces.push(bytes.subarray(start, offset));
            start = offset;
          }
          const expected: Event[] = events.map(({ type, lines }) => [type ?? "message", lines.join("\n")]);
          expect(decode(pieces)).toStrictEqual({ events: expected, status: "more" });
        },
      ),
      { numRuns: 400 },
    );
  });

  test("property: any bytes, valid UTF-8 or not, split anywhere, decode as the whole bytes decode at once", () => {
    // Lead and continuation bytes of every kind (and bytes no character starts with), so cuts fall inside
    // characters, and inside sequences that turn out invalid.
    const byte = fc.constantFrom(
      0x41,
      0x80,
      0x8f,
      0x90,
      0x9f,
      0xa0,
      0xbf,
      0xc0,
      0xc2,
      0xdf,
      0xe0,
      0xed,
      0xef,
      0xf0,
      0xf4,
      0xf5,
      0xff,
    );
    const whole = new TextDecoder("utf-8", { ignoreBOM: true });
    fc.assert(
      fc.property(
        fc.array(byte, { maxLength: 24 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (values, cuts, ends) => {
          // With `ends`, the blank line never comes: the input ends after the line, which is read all the same.
          const bytes = new Uint8Array([...bytesOf("data: "), ...values, ...bytesOf(ends ? "\n" : "\n\n")]);
          const offsets = [...new Set(cuts.map((cut) => cut % bytes.length))].sort((a, b) => a - b);
          const pieces: Uint8Array[] = [];
          let start = 0;
          for (const offset of [...offsets, bytes.length]) {
            pieces.push(bytes.subarray(start, offset));
            start = offset;
          }
          expect(decode(pieces).events).toStrictEqual([["message", whole.decode(new Uint8Array(values))]]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

type EndedEvent = readonly [type: string, data: string, isUnterminated: boolean];

/** Like `decode`, keeping whether each event came without its blank line; also the stray line. */
function decodeEnded(
  pieces: readonly Uint8Array[],
  maxEventBytes = 1 << 20,
): { events: EndedEvent[]; status: SseStatus; stray: string | undefined } {
  const decoder = newSseDecoder(maxEventBytes);
  const events: EndedEvent[] = [];
  const onEvent = (type: string, data: string, isUnterminated: boolean): boolean => {
    events.push([type, data, isUnterminated]);
    return true;
  };
  let status: SseStatus = "more";
  for (const piece of pieces) {
    status = feedSse(decoder, piece, onEvent);
    if (status !== "more") break;
  }
  if (status === "more") status = endSse(decoder, onEvent);
  return { events, status, stray: decoder.strayLine };
}

/** Expects the same outcome from the bytes at every split offset (and one byte at a time). */
function expectAtEverySplit(
  wire: string | Uint8Array,
  expected: { events: EndedEvent[]; status: SseStatus; stray?: string | undefined },
  maxEventBytes?: number,
): void {
  const bytes = typeof wire === "string" ? bytesOf(wire) : wire;
  for (const pieces of splits(bytes)) {
    expect(decodeEnded(pieces, maxEventBytes)).toStrictEqual({ stray: undefined, ...expected });
  }
}

describe("the end of the input", () => {
  test("a last event whose lines all ended is dispatched, marked as without its blank line", () => {
    expectAtEverySplit('data: {"a":1}\n\ndata: [DONE]\n', {
      events: [
        ["message", '{"a":1}', false],
        ["message", "[DONE]", true],
      ],
      status: "more",
    });
  });

  test("a last event cut inside a data line is dropped whole, the lines before included", () => {
    expectAtEverySplit('data: {"a":1}\n\ndata: {"b":\ndata: 2', {
      events: [["message", '{"a":1}', false]],
      status: "more",
    });
  });

  test("a last event cut inside its event line, or inside an undecided line start, is dropped", () => {
    expectAtEverySplit("data: a\nevent: custo", { events: [], status: "more" });
    expectAtEverySplit("data: a\nda", { events: [], status: "more", stray: "da" });
  });

  test("a cut comment or other field does not belong to the event: it is dispatched", () => {
    expectAtEverySplit("data: a\n: keep-al", { events: [["message", "a", true]], status: "more" });
    expectAtEverySplit("data: a\nid: 4", { events: [["message", "a", true]], status: "more" });
  });

  test("every cut of a multi-line event: dropped when cut mid-line, all its lines when cut at a line end", () => {
    const wire = 'data: {"b":\ndata: 2}\n\n';
    for (let at = 0; at < wire.length - 1; at++) {
      const cut = wire.slice(0, at);
      const lines = cut.endsWith("\n") ? cut.slice(0, -1).split("\n") : [];
      const data = lines.map((line) => line.slice("data: ".length)).join("\n");
      expect(decodeEnded([bytesOf(cut)]).events, cut).toStrictEqual(
        lines.length === 0 ? [] : [["message", data, true]],
      );
    }
  });
});

describe("byte-order marks", () => {
  const bom = [0xef, 0xbb, 0xbf];

  test("two BOMs: only the first is removed, the second starts a field no one knows", () => {
    expectAtEverySplit(new Uint8Array([...bom, ...bom, ...bytesOf("data:1\n\n")]), {
      events: [],
      status: "more",
      stray: "\uFEFFdata:1",
    });
  });

  test("a BOM, then an event, then a line starting with a BOM", () => {
    expectAtEverySplit(new Uint8Array([...bom, ...bytesOf("data:1\n\n\uFEFFdata:2\n\ndata:3\n\n")]), {
      events: [
        ["message", "1", false],
        ["message", "3", false],
      ],
      status: "more",
    });
  });
});

describe("what counts against maxEventBytes", () => {
  const long = "k".repeat(100);

  test("a comment, an id, a retry or an unknown field longer than the bound: skipped, not counted", () => {
    expectAtEverySplit(
      `: ${long}\nid: ${long}\nretry: ${long}\ndata: a\n\n`,
      {
        events: [["message", "a", false]],
        status: "more",
      },
      20,
    );
    expectAtEverySplit(
      `data: a\n\nx-${long}: ${long}\ndata: b\n\n`,
      {
        events: [
          ["message", "a", false],
          ["message", "b", false],
        ],
        status: "more",
      },
      20,
    );
  });

  test("an event line longer than the bound: too large", () => {
    expectAtEverySplit(`event: ${long}\ndata: a\n\n`, { events: [], status: "too_large" }, 20);
  });

  test("a comment that never ends, 16 MiB in 64 KiB reads, leaves the stream going", () => {
    const decoder = newSseDecoder(1000);
    const events: string[] = [];
    const onEvent = (_type: string, data: string): boolean => events.push(data) > 0;
    const piece = bytesOf("k".repeat(64 * 1024));
    let status = feedSse(decoder, bytesOf(": "), onEvent);
    for (let i = 0; i < 256 && status === "more"; i++) status = feedSse(decoder, piece, onEvent);
    status = feedSse(decoder, bytesOf("\ndata: after\n\n"), onEvent);
    expect({ status, events }).toStrictEqual({ status: "more", events: ["after"] });
  });

  test("the first stray line, however long and however split, is kept to 512 characters", () => {
    const line = `<p>${"x".repeat(600)}</p>`;
    expectAtEverySplit(
      `${line}\ndata: a\n\n`,
      {
        events: [["message", "a", false]],
        status: "more",
        stray: line.slice(0, 512),
      },
      20,
    );
  });
});

describe("hadData: what is progress for the idle timeout", () => {
  const feeds = (...pieces: string[]): boolean[] => {
    const decoder = newSseDecoder(1000);
    return pieces.map((piece) => {
      feedSse(decoder, bytesOf(piece), () => true);
      return decoder.hadData;
    });
  };

  test("comments, blank lines, id, retry and event lines are not; data lines and their pieces are", () => {
    expect(
      feeds(": ping\n\n", "\n", "id: 1\nretry: 9\n", "event: x\n", "data: {", '"a":1}', "\n", "\n"),
    ).toStrictEqual([false, false, false, false, true, true, true, true]);
  });

  test("a long comment arriving in pieces is not", () => {
    expect(feeds("data: a\n\n: keep", "-alive", " still", "\n")).toStrictEqual([true, false, false, false]);
  });
});

describe("cases from the WHATWG format rules (as the WPT eventsource tests and eventsource-parser read them)", () => {
  const wptCases: ReadonlyArray<{ name: string; wire: string; events: EndedEvent[]; stray?: string }> = [
    {
      name: "data with and without a colon, the last event cut at the end",
      wire: "data:\n\ndata\ndata\n\ndata:test",
      events: [
        ["message", "", false],
        ["message", "\n", false],
      ],
    },
    {
      name: "field names are case-sensitive and exact; a leading space makes another field",
      wire: "Data:1\ndata_5:2\n data:3\nda-ta:4\ndata:ok\n\n",
      events: [["message", "ok", false]],
      stray: "Data:1",
    },
    {
      name: "comments of any length and content, with every line ending",
      wire: `data:1\r:\0\n:\r\ndata:2\n:${"x".repeat(2_000)}\rdata:3\n:data:fail\r:${"y".repeat(2_000)}\ndata:4\n\n`,
      events: [["message", "1\n2\n3\n4", false]],
    },
    {
      name: "an empty event type is the default one; a named one is kept",
      wire: "event: \ndata:a\n\nevent:custom\ndata:b\n\n",
      events: [
        ["message", "a", false],
        ["custom", "b", false],
      ],
    },
    {
      name: "an event type without data dispatches nothing and does not leak into the next event",
      wire: "event: ghost\n\ndata: real\n\n",
      events: [["message", "real", false]],
    },
    {
      name: "a NUL in a field name makes an unknown field",
      wire: "data\0:nope\ndata:yes\n\n",
      events: [["message", "yes", false]],
      stray: "data\0:nope",
    },
    {
      name: "a value keeps every space after the first",
      wire: "data:   three\n\n",
      events: [["message", "  three", false]],
    },
  ];

  for (const { name, wire, events, stray } of wptCases) {
    test(`${name}: at every split offset`, () => {
      expectAtEverySplit(wire, { events, status: "more", stray });
    });
  }
});

test("property: comments and other fields of any length between events, split anywhere, never count against the bound", () => {
  const value = fc.string({ maxLength: 8 }).map((text) => text.replace(/[\r\n]/g, ""));
  const noise = fc.oneof(
    fc.nat({ max: 300 }).map((length) => `: ${"c".repeat(length)}`),
    fc.nat({ max: 300 }).map((length) => `id: ${"7".repeat(length)}`),
    fc.nat({ max: 300 }).map((length) => `x-unknown: ${"u".repeat(length)}`),
  );
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.array(noise, { maxLength: 2 }), value), { maxLength: 5 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (events, cuts) => {
        const wire = `data: first\n\n${events.map(([lines, data]) => [...lines, `data: ${data}`, "", ""].join("\n")).join("")}`;
        const bytes = bytesOf(wire);
        const offsets = [...new Set(cuts.map((cut) => cut % bytes.length))].sort((a, b) => a - b);
        const pieces = [...offsets, bytes.length].map((end, i) =>
          bytes.subarray(i === 0 ? 0 : offsets[i - 1], end),
        );
        expect(decode(pieces, 32)).toStrictEqual({
          events: [["message", "first"], ...events.map(([, data]): Event => ["message", data])],
          status: "more",
        });
      },
    ),
    { numRuns: 300 },
  );
});
