/**
 * Receives one decoded SSE event: its type (`"message"` unless an `event:` line named it) and its data
 * lines joined with `\n`. `isUnterminated` is true only for a last event the input ended in before its
 * blank line came (see {@link SseDecoder.end}). Return `false` to stop decoding (the decoder then ignores
 * further input).
 */
export type SseEventHandler = (type: string, data: string, isUnterminated: boolean) => boolean;

/** How a call to the decoder ended: input consumed, stopped by the handler, or an event over the bound. */
export type SseStatus = "more" | "stopped" | "too_large";

/** A pure, incremental Server-Sent Events decoder fed raw bytes. Create it with {@link newSseDecoder}. */
export interface SseDecoder {
  /** Decodes the next bytes, calling the handler for every event they complete. */
  readonly feed: (bytes: Uint8Array, onEvent: SseEventHandler) => SseStatus;
  /**
   * Ends the input. The WHATWG rules drop an event whose blank line never came; chatwire keeps it when
   * every line of it ended (servers end with `data: [DONE]\n` and no blank line) and dispatches it with
   * `isUnterminated` set, since the server may still have meant more lines. An event whose last line was
   * cut short and may be a `data:` or `event:` line (it starts with `d` or `e`) is dropped: the input was
   * cut inside it. A cut comment or other field line (`: ping`, `id: 7`) drops nothing.
   */
  readonly end: (onEvent: SseEventHandler) => SseStatus;
  /**
   * Whether the last {@link SseDecoder.feed} carried event data: bytes of a `data:` line (a line split
   * across reads included) or a dispatched event with data. Comments, blank lines and other fields
   * (`id:`, `retry:`, `event:`) alone do not: they are keep-alive, not progress.
   */
  readonly hadData: () => boolean;
  /** How many events were dispatched so far. */
  readonly eventCount: () => number;
  /** The first line that was not SSE (no known field, not a comment), cut to 512 characters, if any came before the first event. */
  readonly strayLine: () => string | undefined;
}

const colon = 58;
const space = 32;
const lineFeed = 10;
const letterD = 100;
const letterE = 101;
const byteOrderMark = 0xfeff;
const strayLength = 512;
/** The longest line start kept before it is known to be `data:` or `event:` (a sixth character settles it). */
const undecidedLength = 5;

/**
 * Creates an SSE decoder following the WHATWG rules: LF, CRLF and CR line endings (a CRLF may be split
 * across reads), comment lines, multi-line `data:`, `event:` names, `data:` with or without its space,
 * one leading BOM, and bytes split anywhere, including inside a multi-byte UTF-8 character (a streaming
 * `TextDecoder` keeps the partial character). `id:` and `retry:` are read and ignored: chatwire never
 * reconnects a completion stream. The leading BOM is removed here, not by `TextDecoder` (Node 24's loses
 * a second U+FEFF when the first is split across reads), so a second BOM stays part of the first line.
 *
 * `maxEventBytes` bounds what goes into one event: its data, its type, and a `data:` or `event:` line
 * still arriving (in characters; decoding stops with `"too_large"` once over). A complete event is held to
 * the bound in UTF-8 bytes. Comments and other fields are not counted: a line known to be one (it starts with `:`, or
 * its name is not `data` or `event`) is skipped as its bytes arrive, never buffered, so memory stays
 * bounded whatever the server sends.
 */
export function newSseDecoder(maxEventBytes: number): SseDecoder {
  const text = new TextDecoder("utf-8", { ignoreBOM: true });
  let isAtStart = true;
  let rest = "";
  // Whether `rest` is a `data:` line, known when it was kept: reading its first character again would
  // flatten the growing string at every read (quadratic garbage on a long line).
  let isRestData = false;
  let skipLineFeed = false;
  let isSkipping = false;
  /** Whether the line being skipped is the stray line, still growing to its 512 characters. */
  let isStrayOpen = false;
  let data = "";
  let dataLines = 0;
  let eventType = "";
  let events = 0;
  let hadData = false;
  let stray: string | undefined;
  let status: SseStatus = "more";

  const tooLarge = (): boolean => data.length + eventType.length + rest.length > maxEventBytes;

  function dispatch(onEvent: SseEventHandler, isUnterminated: boolean): void {
    const name = eventType;
    const value = data;
    const lines = dataLines;
    eventType = "";
    data = "";
    dataLines = 0;
    if (lines === 0) return;
    hadData = true;
    if (value.length * 3 > maxEventBytes && new TextEncoder().encode(value).byteLength > maxEventBytes) {
      status = "too_large";
      return;
    }
    events++;
    if (!onEvent(name === "" ? "message" : name, value, isUnterminated)) status = "stopped";
  }

  function field(line: string, name: string, value: string, isComplete: boolean): void {
    if (name === "data") {
      if (!isComplete) return;
      data = dataLines === 0 ? value : `${data}\n${value}`;
      dataLines++;
      hadData = true;
      if (tooLarge()) status = "too_large";
    } else if (name === "event") {
      if (!isComplete) return;
      eventType = value;
      if (tooLarge()) status = "too_large";
    } else if (name !== "id" && name !== "retry" && stray === undefined && events === 0) {
      stray = line.length > strayLength ? line.slice(0, strayLength) : line;
    }
  }

  /** Reads one line; `isComplete` is false for a last line cut short by the end of the input. */
  function line(
    source: string,
    start: number,
    end: number,
    isComplete: boolean,
    onEvent: SseEventHandler,
  ): void {
    if (start === end) {
      if (isComplete) dispatch(onEvent, false);
      return;
    }
    const first = source.charCodeAt(start);
    if (first === colon) return;
    // The hot path: `data:` lines, read without slicing out the field name.
    if (first === letterD && source.startsWith("data:", start)) {
      const valueStart = source.charCodeAt(start + 5) === space ? start + 6 : start + 5;
      field("", "data", valueStart >= end ? "" : source.slice(valueStart, end), isComplete);
      return;
    }
    const whole = source.slice(start, end);
    const at = whole.indexOf(":");
    if (at === -1) field(whole, whole, "", isComplete);
    else {
      const valueStart = whole.charCodeAt(at + 1) === space ? at + 2 : at + 1;
      field(whole, whole.slice(0, at), whole.slice(valueStart), isComplete);
    }
  }

  /** Keeps the unfinished last line of `source`, or skips it if it is a comment or a field no event holds. */
  function keepLineStart(source: string, position: number, onEvent: SseEventHandler): void {
    if (position === source.length) return;
    if (source.startsWith("data:", position)) {
      rest = source.slice(position);
      isRestData = true;
      hadData = true;
    } else if (source.startsWith("event:", position) || source.length - position <= undecidedLength) {
      rest = source.slice(position);
    } else {
      isSkipping = true;
      // Known from its first 512 characters: a comment, a field no event holds, or the stray line.
      const before = stray;
      line(source, position, Math.min(source.length, position + strayLength), false, onEvent);
      isStrayOpen = stray !== before;
    }
    if (tooLarge()) status = "too_large";
  }

  function decode(input: string, onEvent: SseEventHandler): SseStatus {
    hadData = false;
    if (status !== "more" || input === "") return status;
    let chunk = input;
    if (isAtStart) {
      isAtStart = false;
      if (chunk.charCodeAt(0) === byteOrderMark) chunk = chunk.slice(1);
    }
    // A CR ends a line as LF and CRLF do: turned into LF, a CRLF split across reads included.
    if (skipLineFeed && chunk !== "") {
      skipLineFeed = false;
      if (chunk.charCodeAt(0) === lineFeed) chunk = chunk.slice(1);
    }
    if (chunk.includes("\r")) {
      skipLineFeed = chunk.endsWith("\r");
      chunk = chunk.replace(/\r\n?/g, "\n");
    }
    if (isSkipping) {
      const end = chunk.indexOf("\n");
      if (isStrayOpen) stray = `${stray}${end === -1 ? chunk : chunk.slice(0, end)}`.slice(0, strayLength);
      if (end === -1) return status;
      isSkipping = isStrayOpen = false;
      chunk = chunk.slice(end + 1);
    }
    // A long line arriving in many small reads is appended without searching it again (linear, not quadratic).
    if (rest.length > undecidedLength && !chunk.includes("\n")) {
      rest += chunk;
      if (isRestData) hadData = true;
      if (tooLarge()) status = "too_large";
      return status;
    }
    const source = rest === "" ? chunk : rest + chunk;
    rest = "";
    isRestData = false;
    let position = 0;
    for (
      let end = source.indexOf("\n");
      end !== -1 && status === "more";
      end = source.indexOf("\n", position)
    ) {
      line(source, position, end, true, onEvent);
      position = end + 1;
    }
    if (status === "more") keepLineStart(source, position, onEvent);
    return status;
  }

  return {
    feed: (bytes, onEvent) => decode(text.decode(bytes, { stream: true }), onEvent),
    end: (onEvent) => {
      if (decode(text.decode(), onEvent) !== "more") return status;
      // The decoder is done: an event cut short is dropped by not dispatching it.
      const first = rest.charCodeAt(0);
      line(rest, 0, rest.length, false, onEvent);
      if (first !== letterD && first !== letterE) dispatch(onEvent, true);
      return status;
    },
    hadData: () => hadData,
    eventCount: () => events,
    strayLine: () => stray,
  };
}
