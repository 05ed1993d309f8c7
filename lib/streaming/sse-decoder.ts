/**
 * Receives one decoded SSE event: its type (`"message"` unless an `event:` line named it) and its data
 * lines joined with `\n`. Return `false` to stop decoding (the decoder then ignores further input).
 */
export type SseEventHandler = (type: string, data: string) => boolean;

/** How a call to the decoder ended: input consumed, stopped by the handler, or an event over the bound. */
export type SseStatus = "more" | "stopped" | "too_large";

/** A pure, incremental Server-Sent Events decoder fed raw bytes. Create it with {@link newSseDecoder}. */
export interface SseDecoder {
  /** Decodes the next bytes, calling the handler for every event they complete. */
  readonly feed: (bytes: Uint8Array, onEvent: SseEventHandler) => SseStatus;
  /**
   * Ends the input. A last event whose lines all ended but whose blank line never came is still
   * dispatched (servers end with `data: [DONE]\n`); a last line cut short is dropped.
   */
  readonly end: (onEvent: SseEventHandler) => SseStatus;
  /** How many events were dispatched so far. */
  readonly eventCount: () => number;
  /** The first line that was not SSE (no known field, not a comment), cut to 512 characters, if any came before the first event. */
  readonly strayLine: () => string | undefined;
}

const colon = 58;
const space = 32;
const lineFeed = 10;
const strayLength = 512;

/**
 * Creates an SSE decoder following the WHATWG rules: LF, CRLF and CR line endings (a CRLF may be split
 * across reads), comment lines, multi-line `data:`, `event:` names, `data:` with or without its space, a
 * leading BOM, and bytes split anywhere, including inside a multi-byte UTF-8 character (a streaming
 * `TextDecoder` keeps the partial character). `id:` and `retry:` are read and ignored: chatwire never
 * reconnects a completion stream.
 *
 * `maxEventBytes` bounds one event's data: once its characters exceed the bound (a line still arriving
 * counts in full) decoding stops with `"too_large"`, so memory stays bounded; a complete event is held to
 * the bound in UTF-8 bytes.
 */
export function newSseDecoder(maxEventBytes: number): SseDecoder {
  const text = new TextDecoder();
  let rest = "";
  let skipLineFeed = false;
  let data = "";
  let dataLines = 0;
  let eventType = "";
  let events = 0;
  let stray: string | undefined;
  let status: SseStatus = "more";

  const tooLarge = (): boolean => data.length + rest.length > maxEventBytes;

  function dispatch(onEvent: SseEventHandler): void {
    const type = eventType === "" ? "message" : eventType;
    const value = data;
    const lines = dataLines;
    eventType = "";
    data = "";
    dataLines = 0;
    if (lines === 0) return;
    if (value.length * 3 > maxEventBytes && new TextEncoder().encode(value).byteLength > maxEventBytes) {
      status = "too_large";
      return;
    }
    events++;
    if (!onEvent(type, value)) status = "stopped";
  }

  function field(line: string, name: string, value: string, isComplete: boolean): void {
    if (name === "data") {
      if (!isComplete) return;
      data = dataLines === 0 ? value : `${data}\n${value}`;
      dataLines++;
      if (tooLarge()) status = "too_large";
    } else if (name === "event") {
      if (isComplete) eventType = value;
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
      if (isComplete) dispatch(onEvent);
      return;
    }
    const first = source.charCodeAt(start);
    if (first === colon) return;
    // The hot path: `data:` lines, read without slicing out the field name.
    if (first === 100 && source.startsWith("data:", start)) {
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

  function decode(text: string, onEvent: SseEventHandler): SseStatus {
    if (status !== "more") return status;
    let chunk = text;
    // A CR ends a line as LF and CRLF do: turned into LF, a CRLF split across reads included.
    if (skipLineFeed && chunk !== "") {
      skipLineFeed = false;
      if (chunk.charCodeAt(0) === lineFeed) chunk = chunk.slice(1);
    }
    if (chunk.includes("\r")) {
      skipLineFeed = chunk.endsWith("\r");
      chunk = chunk.replace(/\r\n?/g, "\n");
    }
    // A long line arriving in many small reads is appended without searching it again (linear, not quadratic).
    if (rest !== "" && !chunk.includes("\n")) {
      rest += chunk;
      if (tooLarge()) status = "too_large";
      return status;
    }
    const source = rest === "" ? chunk : rest + chunk;
    rest = "";
    let position = 0;
    for (
      let end = source.indexOf("\n");
      end !== -1 && status === "more";
      end = source.indexOf("\n", position)
    ) {
      line(source, position, end, true, onEvent);
      position = end + 1;
    }
    rest = position === 0 ? source : source.slice(position);
    if (status === "more" && tooLarge()) status = "too_large";
    return status;
  }

  return {
    feed: (bytes, onEvent) => decode(text.decode(bytes, { stream: true }), onEvent),
    end: (onEvent) => {
      if (decode(text.decode(), onEvent) !== "more") return status;
      if (rest !== "") line(rest, 0, rest.length, false, onEvent);
      rest = "";
      if (status === "more") dispatch(onEvent);
      return status;
    },
    eventCount: () => events,
    strayLine: () => stray,
  };
}
