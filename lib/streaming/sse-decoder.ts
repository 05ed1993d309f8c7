/**
 * Receives one decoded SSE event: its type (`"message"` unless an `event:` line named it) and its data
 * lines joined with `\n`. `isUnterminated` is true only for a last event the input ended in before its
 * blank line came (see {@link endSse}). `context` is what the caller gave {@link feedSse} or
 * {@link endSse}, so that a handler needs no closure. Return `false` to stop decoding (the decoder then
 * ignores further input).
 */
export type SseEventHandler<Context = void> = (
  type: string,
  data: string,
  isUnterminated: boolean,
  context: Context,
) => boolean;

/** How a call to the decoder ended: input consumed, stopped by the handler, or an event over the bound. */
export type SseStatus = "more" | "stopped" | "too_large";

/**
 * The state of a pure, incremental Server-Sent Events decoder fed raw bytes: plain data, created with
 * {@link newSseDecoder}, fed with {@link feedSse} and ended with {@link endSse}. Only those two write it;
 * callers read `hadData`, `eventCount` and `strayLine`.
 */
export interface SseDecoder {
  /** The bound of one event (see {@link newSseDecoder}). */
  readonly maxEventBytes: number;
  /** The first bytes of a UTF-8 character cut by the end of the last read, decoded with the next read. */
  cutCharacter: Uint8Array | undefined;
  isAtStart: boolean;
  /** The unfinished last line, kept while it may still be a `data:` or `event:` line. */
  rest: string;
  /**
   * Whether `rest` is a `data:` line, known when it was kept: reading its first character again would
   * flatten the growing string at every read (quadratic garbage on a long line).
   */
  isRestData: boolean;
  /** Whether the last read ended in a CR, so that a LF starting the next one ends no second line. */
  skipLineFeed: boolean;
  /** Whether the unfinished last line is a comment or a field no event holds, skipped as it arrives. */
  isSkipping: boolean;
  /** Whether the line being skipped is the stray line, still growing to its 512 characters. */
  isStrayOpen: boolean;
  data: string;
  dataLines: number;
  eventType: string;
  /**
   * Whether the last {@link feedSse} carried event data: bytes of a `data:` line (a line split across
   * reads included) or a dispatched event with data. Comments, blank lines and other fields (`id:`,
   * `retry:`, `event:`) alone do not: they are keep-alive, not progress.
   */
  hadData: boolean;
  /** How many events were dispatched so far. */
  eventCount: number;
  /** The first line that was not SSE (no known field, not a comment), cut to 512 characters, if any came before the first event. */
  strayLine: string | undefined;
  /** How the last call ended; decoding stops once it is not `"more"`. */
  status: SseStatus;
}

const colon = 58;
const space = 32;
const lineFeed = 10;
const letterD = 100;
const letterE = 101;
const byteOrderMark = 0xfeff;
const strayLength = 512;
// One decoder for every stream, never in streaming mode: each stream keeps its own cut character instead of a
// streaming TextDecoder (about 120 bytes per open stream).
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
/** The longest line start kept before it is known to be `data:` or `event:` (a sixth character settles it). */
const undecidedLength = 5;

/**
 * Creates an SSE decoder following the WHATWG rules: LF, CRLF and CR line endings (a CRLF may be split
 * across reads), comment lines, multi-line `data:`, `event:` names, `data:` with or without its space,
 * one leading BOM, and bytes split anywhere, including inside a multi-byte UTF-8 character (its first bytes
 * wait for the next read). `id:` and `retry:` are read and ignored: chatwire never
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
  return {
    maxEventBytes,
    cutCharacter: undefined,
    isAtStart: true,
    rest: "",
    isRestData: false,
    skipLineFeed: false,
    isSkipping: false,
    isStrayOpen: false,
    data: "",
    dataLines: 0,
    eventType: "",
    hadData: false,
    eventCount: 0,
    strayLine: undefined,
    status: "more",
  };
}

/**
 * Decodes the next bytes, calling `onEvent` for every event they complete.
 *
 * @returns `"more"` once the bytes are consumed, `"stopped"` once `onEvent` returned `false`, `"too_large"`
 * once an event passed the bound; once not `"more"`, every later call returns the same and reads nothing.
 */
export function feedSse(decoder: SseDecoder, bytes: Uint8Array, onEvent: SseEventHandler): SseStatus;
/** Decodes the next bytes as {@link feedSse} does, handing `context` to every call of `onEvent`. */
export function feedSse<Context>(
  decoder: SseDecoder,
  bytes: Uint8Array,
  onEvent: SseEventHandler<Context>,
  context: Context,
): SseStatus;
export function feedSse<Context>(
  decoder: SseDecoder,
  bytes: Uint8Array,
  onEvent: SseEventHandler<Context | undefined>,
  context?: Context,
): SseStatus {
  let input = bytes;
  if (decoder.cutCharacter !== undefined) {
    input = new Uint8Array(decoder.cutCharacter.length + bytes.length);
    input.set(decoder.cutCharacter);
    input.set(bytes, decoder.cutCharacter.length);
    decoder.cutCharacter = undefined;
  }
  const cut = cutCharacterLength(input);
  if (cut > 0) {
    decoder.cutCharacter = input.slice(input.length - cut);
    input = input.subarray(0, input.length - cut);
  }
  return decode(decoder, utf8.decode(input), onEvent, context);
}

/**
 * Ends the input. The WHATWG rules drop an event whose blank line never came; chatwire keeps it when every
 * line of it ended (servers end with `data: [DONE]\n` and no blank line) and dispatches it with
 * `isUnterminated` set, since the server may still have meant more lines. An event whose last line was cut
 * short and may be a `data:` or `event:` line (it starts with `d` or `e`) is dropped: the input was cut
 * inside it. A cut comment or other field line (`: ping`, `id: 7`) drops nothing.
 *
 * @returns how decoding ended, as {@link feedSse} does.
 */
export function endSse(decoder: SseDecoder, onEvent: SseEventHandler): SseStatus;
/** Ends the input as {@link endSse} does, handing `context` to every call of `onEvent`. */
export function endSse<Context>(
  decoder: SseDecoder,
  onEvent: SseEventHandler<Context>,
  context: Context,
): SseStatus;
export function endSse<Context>(
  decoder: SseDecoder,
  onEvent: SseEventHandler<Context | undefined>,
  context?: Context,
): SseStatus {
  const cut = decoder.cutCharacter;
  decoder.cutCharacter = undefined;
  if (decode(decoder, cut === undefined ? "" : utf8.decode(cut), onEvent, context) !== "more")
    return decoder.status;
  // The decoder is done: an event cut short is dropped by not dispatching it.
  const { rest } = decoder;
  const first = rest.charCodeAt(0);
  line(decoder, rest, 0, rest.length, false, onEvent, context);
  if (first !== letterD && first !== letterE) dispatch(decoder, onEvent, context, true);
  return decoder.status;
}

/**
 * How many bytes at the end of `bytes` begin a UTF-8 character they do not complete (0 to 3): from its last
 * byte that is not a continuation byte, when that byte announces a longer character. Decoding stays the
 * same as decoding every read at once: the WHATWG decoder starts afresh at such a byte, valid or not.
 */
function cutCharacterLength(bytes: Uint8Array): number {
  const { length } = bytes;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back] as number;
    if ((byte & 0xc0) !== 0x80) {
      const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return needs > back ? back : 0;
    }
  }
  return 0;
}

const isTooLarge = (d: SseDecoder): boolean =>
  d.data.length + d.eventType.length + d.rest.length > d.maxEventBytes;

function dispatch<Context>(
  d: SseDecoder,
  onEvent: SseEventHandler<Context>,
  context: Context,
  isUnterminated: boolean,
): void {
  const name = d.eventType;
  const value = d.data;
  const lines = d.dataLines;
  d.eventType = "";
  d.data = "";
  d.dataLines = 0;
  if (lines === 0) return;
  d.hadData = true;
  if (value.length * 3 > d.maxEventBytes && new TextEncoder().encode(value).byteLength > d.maxEventBytes) {
    d.status = "too_large";
    return;
  }
  d.eventCount++;
  if (!onEvent(name === "" ? "message" : name, value, isUnterminated, context)) d.status = "stopped";
}

function field(d: SseDecoder, line: string, name: string, value: string, isComplete: boolean): void {
  if (name === "data") {
    if (!isComplete) return;
    d.data = d.dataLines === 0 ? value : `${d.data}\n${value}`;
    d.dataLines++;
    d.hadData = true;
    if (isTooLarge(d)) d.status = "too_large";
  } else if (name === "event") {
    if (!isComplete) return;
    d.eventType = value;
    if (isTooLarge(d)) d.status = "too_large";
  } else if (name !== "id" && name !== "retry" && d.strayLine === undefined && d.eventCount === 0) {
    d.strayLine = line.length > strayLength ? line.slice(0, strayLength) : line;
  }
}

/** Reads one line; `isComplete` is false for a last line cut short by the end of the input. */
function line<Context>(
  d: SseDecoder,
  source: string,
  start: number,
  end: number,
  isComplete: boolean,
  onEvent: SseEventHandler<Context>,
  context: Context,
): void {
  if (start === end) {
    if (isComplete) dispatch(d, onEvent, context, false);
    return;
  }
  const first = source.charCodeAt(start);
  if (first === colon) return;
  // The hot path: `data:` lines, read without slicing out the field name.
  if (first === letterD && source.startsWith("data:", start)) {
    const valueStart = source.charCodeAt(start + 5) === space ? start + 6 : start + 5;
    field(d, "", "data", valueStart >= end ? "" : source.slice(valueStart, end), isComplete);
    return;
  }
  const whole = source.slice(start, end);
  const at = whole.indexOf(":");
  if (at === -1) field(d, whole, whole, "", isComplete);
  else {
    const valueStart = whole.charCodeAt(at + 1) === space ? at + 2 : at + 1;
    field(d, whole, whole.slice(0, at), whole.slice(valueStart), isComplete);
  }
}

/** Keeps the unfinished last line of `source`, or skips it if it is a comment or a field no event holds. */
function keepLineStart<Context>(
  d: SseDecoder,
  source: string,
  position: number,
  onEvent: SseEventHandler<Context>,
  context: Context,
): void {
  if (position === source.length) return;
  if (source.startsWith("data:", position)) {
    d.rest = source.slice(position);
    d.isRestData = true;
    d.hadData = true;
  } else if (source.startsWith("event:", position) || source.length - position <= undecidedLength) {
    d.rest = source.slice(position);
  } else {
    d.isSkipping = true;
    // Known from its first 512 characters: a comment, a field no event holds, or the stray line.
    const before = d.strayLine;
    line(d, source, position, Math.min(source.length, position + strayLength), false, onEvent, context);
    d.isStrayOpen = d.strayLine !== before;
  }
  if (isTooLarge(d)) d.status = "too_large";
}

function decode<Context>(
  d: SseDecoder,
  input: string,
  onEvent: SseEventHandler<Context>,
  context: Context,
): SseStatus {
  d.hadData = false;
  if (d.status !== "more" || input === "") return d.status;
  let chunk = input;
  if (d.isAtStart) {
    d.isAtStart = false;
    if (chunk.charCodeAt(0) === byteOrderMark) chunk = chunk.slice(1);
  }
  // A CR ends a line as LF and CRLF do: turned into LF, a CRLF split across reads included.
  if (d.skipLineFeed && chunk !== "") {
    d.skipLineFeed = false;
    if (chunk.charCodeAt(0) === lineFeed) chunk = chunk.slice(1);
  }
  if (chunk.includes("\r")) {
    d.skipLineFeed = chunk.endsWith("\r");
    chunk = chunk.replace(/\r\n?/g, "\n");
  }
  if (d.isSkipping) {
    const end = chunk.indexOf("\n");
    if (d.isStrayOpen)
      d.strayLine = `${d.strayLine}${end === -1 ? chunk : chunk.slice(0, end)}`.slice(0, strayLength);
    if (end === -1) return d.status;
    d.isSkipping = d.isStrayOpen = false;
    chunk = chunk.slice(end + 1);
  }
  // A long line arriving in many small reads is appended without searching it again (linear, not quadratic).
  if (d.rest.length > undecidedLength && !chunk.includes("\n")) {
    d.rest += chunk;
    if (d.isRestData) d.hadData = true;
    if (isTooLarge(d)) d.status = "too_large";
    return d.status;
  }
  const source = d.rest === "" ? chunk : d.rest + chunk;
  d.rest = "";
  d.isRestData = false;
  let position = 0;
  for (
    let end = source.indexOf("\n");
    end !== -1 && d.status === "more";
    end = source.indexOf("\n", position)
  ) {
    line(d, source, position, end, true, onEvent, context);
    position = end + 1;
  }
  if (d.status === "more") keepLineStart(d, source, position, onEvent, context);
  return d.status;
}
