// A JSON prefix closer: fed JSON text as it arrives, it gives at any point the longest prefix that can be
// completed, completed (open strings, arrays and objects closed; a half-read key, a trailing comma, a
// cut number's dangling `.`/`e`/sign dropped; a started literal finished). One pass, state kept between
// pushes, so a stream costs O(length) to scan plus one slice per look.

type Expect =
  | "value" // a value must come (top level, after `:`, after `,` in an array)
  | "valueOrEnd" // after `[`
  | "keyOrEnd" // after `{`
  | "key" // after `,` in an object
  | "colon"
  | "commaOrEnd"
  | "done"; // the top-level value is complete

interface Frame {
  readonly closer: "}" | "]";
  expect: Expect;
}

type NumberPhase = "minus" | "zero" | "int" | "dot" | "frac" | "exp" | "expSign" | "expDigits";

type Token =
  | {
      readonly type: "string";
      readonly isKey: boolean;
      escape: "none" | "backslash" | "unicode";
      hex: string;
    }
  | { readonly type: "number"; phase: NumberPhase }
  | { readonly type: "literal"; readonly word: string; matched: number };

interface Checkpoint {
  readonly end: number;
  readonly extra: string;
  readonly closers: string;
}

/** A JSON prefix closer. Internal: the public face is {@link closePartialJson} and `streamOutput`. */
export interface PartialJsonScanner {
  /** Feeds the next piece of text. */
  readonly push: (text: string) => void;
  /** The text so far, completed into valid JSON; `undefined` before any value starts or once the text is not JSON. */
  readonly closed: () => string | undefined;
}

const isDigit = (ch: string): boolean => ch >= "0" && ch <= "9";
const isHex = (ch: string): boolean => /^[0-9a-fA-F]$/.test(ch);
const isWhitespace = (ch: string): boolean => ch === " " || ch === "\n" || ch === "\r" || ch === "\t";
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const literals: Readonly<Record<string, string>> = { t: "true", f: "false", n: "null" };
const isEscape = (ch: string): boolean => ch.length === 1 && '"\\/bfnrt'.includes(ch);

/** Creates a JSON prefix closer. */
export function newPartialJsonScanner(): PartialJsonScanner {
  let text = "";
  let invalid = false;
  let top: Expect = "value";
  const stack: Frame[] = [];
  let closers = "";
  let token: Token | undefined;
  let checkpoint: Checkpoint | undefined;

  const expectOf = (): Expect => stack.at(-1)?.expect ?? top;
  const setExpect = (expect: Expect): void => {
    const frame = stack.at(-1);
    if (frame === undefined) top = expect;
    else frame.expect = expect;
  };
  const mark = (end: number, extra = ""): void => {
    checkpoint = { end, extra, closers };
  };
  const valueDone = (end: number): void => {
    setExpect(stack.length === 0 ? "done" : "commaOrEnd");
    mark(end);
  };
  const open = (closer: "}" | "]", end: number): void => {
    stack.push({ closer, expect: closer === "}" ? "keyOrEnd" : "valueOrEnd" });
    closers = closer + closers;
    mark(end);
  };
  const close = (end: number): void => {
    stack.pop();
    closers = closers.slice(1);
    valueDone(end);
  };

  function stringChar(string: Extract<Token, { type: "string" }>, ch: string, i: number): void {
    // A lone high surrogate (its pair still to come) is no place to cut: the value would show half a character.
    const keep = (code: number): void => {
      if (!string.isKey && !isHighSurrogate(code)) mark(i + 1, '"');
    };
    if (string.escape === "backslash") {
      if (ch === "u") {
        string.escape = "unicode";
        string.hex = "";
      } else if (isEscape(ch)) {
        string.escape = "none";
        keep(0);
      } else invalid = true;
      return;
    }
    if (string.escape === "unicode") {
      if (!isHex(ch)) {
        invalid = true;
        return;
      }
      string.hex += ch;
      if (string.hex.length === 4) {
        string.escape = "none";
        keep(Number.parseInt(string.hex, 16));
      }
      return;
    }
    if (ch === '"') {
      token = undefined;
      if (string.isKey) setExpect("colon");
      else valueDone(i + 1);
    } else if (ch === "\\") string.escape = "backslash";
    else if (ch < " ") invalid = true;
    else keep(ch.charCodeAt(0));
  }

  /** Takes a character into a number; false when the number has ended before it. */
  function numberChar(number: Extract<Token, { type: "number" }>, ch: string, i: number): boolean {
    const { phase } = number;
    if (isDigit(ch)) {
      if (phase === "zero") return false;
      number.phase =
        phase === "minus"
          ? ch === "0"
            ? "zero"
            : "int"
          : phase === "dot" || phase === "frac"
            ? "frac"
            : phase === "exp" || phase === "expSign" || phase === "expDigits"
              ? "expDigits"
              : "int";
      mark(i + 1);
      return true;
    }
    if (ch === "." && (phase === "zero" || phase === "int")) number.phase = "dot";
    else if ((ch === "e" || ch === "E") && (phase === "zero" || phase === "int" || phase === "frac"))
      number.phase = "exp";
    else if ((ch === "+" || ch === "-") && phase === "exp") number.phase = "expSign";
    else return false;
    return true;
  }

  function startValue(ch: string, i: number): void {
    if (ch === "{") open("}", i + 1);
    else if (ch === "[") open("]", i + 1);
    else if (ch === '"') {
      token = { type: "string", isKey: false, escape: "none", hex: "" };
      mark(i + 1, '"');
    } else if (ch === "-" || isDigit(ch)) {
      token = { type: "number", phase: ch === "-" ? "minus" : ch === "0" ? "zero" : "int" };
      if (ch !== "-") mark(i + 1);
    } else if (literals[ch] !== undefined) {
      const word = literals[ch];
      token = { type: "literal", word, matched: 1 };
      mark(i, word);
    } else invalid = true;
  }

  function structural(ch: string, i: number): void {
    if (isWhitespace(ch)) return;
    const expect = expectOf();
    if (expect === "value") startValue(ch, i);
    else if (expect === "valueOrEnd") {
      if (ch === "]") close(i + 1);
      else startValue(ch, i);
    } else if (expect === "keyOrEnd" || expect === "key") {
      if (ch === '"') token = { type: "string", isKey: true, escape: "none", hex: "" };
      else if (ch === "}" && expect === "keyOrEnd") close(i + 1);
      else invalid = true;
    } else if (expect === "colon") {
      if (ch === ":") setExpect("value");
      else invalid = true;
    } else if (expect === "commaOrEnd") {
      const frame = stack.at(-1);
      if (ch === ",") setExpect(frame?.closer === "}" ? "key" : "value");
      else if (ch === frame?.closer) close(i + 1);
      else invalid = true;
    } else invalid = true;
  }

  function step(ch: string, i: number): void {
    const current = token;
    if (current?.type === "string") {
      stringChar(current, ch, i);
      return;
    }
    if (current?.type === "literal") {
      if (ch !== current.word[current.matched]) {
        invalid = true;
        return;
      }
      current.matched += 1;
      if (current.matched === current.word.length) {
        token = undefined;
        valueDone(i + 1);
      }
      return;
    }
    if (current?.type === "number") {
      if (numberChar(current, ch, i)) return;
      const { phase } = current;
      token = undefined;
      if (phase === "minus" || phase === "dot" || phase === "exp" || phase === "expSign") {
        invalid = true;
        return;
      }
      setExpect(stack.length === 0 ? "done" : "commaOrEnd");
    }
    structural(ch, i);
  }

  return {
    push: (piece) => {
      const offset = text.length;
      text += piece;
      for (let index = 0; index < piece.length && !invalid; index++)
        step(piece.charAt(index), offset + index);
    },
    closed: () =>
      invalid || checkpoint === undefined
        ? undefined
        : text.slice(0, checkpoint.end) + checkpoint.extra + checkpoint.closers,
  };
}

/**
 * Completes a prefix of a JSON document into valid JSON: the best-effort partial value while it streams.
 * Open strings, arrays and objects are closed; a half-read key (and its colon), a trailing comma, and
 * the dangling `.`, `e` or sign of a cut number are dropped; a started `true`/`false`/`null` is finished;
 * a cut escape sequence or half a surrogate pair is dropped. Gives `undefined` when no value has started
 * yet (empty text, a lone `-`) or when the text is not a JSON prefix at all.
 * @example
 * ```ts
 * closePartialJson('{"city":"Par'); // '{"city":"Par"}'
 * closePartialJson('{"tags":["a", "b'); // '{"tags":["a", "b"]}'
 * ```
 */
export function closePartialJson(text: string): string | undefined {
  if (typeof text !== "string") return undefined;
  const scanner = newPartialJsonScanner();
  scanner.push(text);
  return scanner.closed();
}
