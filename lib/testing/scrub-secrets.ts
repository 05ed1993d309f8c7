const hidden = "[redacted]";

/** Request headers never written to a recording: the API key and anything that looks like a secret. */
const secretRequestHeader = /key|token|secret|auth|cookie|password/i;
/** Response headers never written: cookies and echoed credentials (rate-limit `*-tokens` headers stay). */
const secretResponseHeader = /cookie|authorization|api-key|secret|password/i;

// Shorter values are too likely to be ordinary words ("true", "none") to be replaced everywhere; the
// header itself is dropped whatever its length.
const minSecretLength = 8;

const usable = (secrets: Iterable<string>): string[] =>
  [...new Set(secrets)].filter((secret) => secret.length >= minSecretLength);

/** The values a secret header carries: the whole value and, for `Bearer sk-…`, the credential alone. */
function valuesOf(value: string): string[] {
  const credential = value.trim().split(/\s+/).slice(1).join(" ");
  return credential === "" ? [value] : [value, credential];
}

/** Splits request headers into those kept (lower-case names) and the secret values of those dropped. */
export function scrubRequestHeaders(headers: Headers): {
  readonly headers: Record<string, string>;
  readonly secrets: string[];
} {
  const kept: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [name, value] of headers) {
    if (secretRequestHeader.test(name)) secrets.push(...valuesOf(value));
    else kept[name] = value;
  }
  return { headers: kept, secrets };
}

/** The response headers kept (lower-case names), secret-looking ones dropped and secrets removed. */
export function scrubResponseHeaders(headers: Headers, secrets: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (!secretResponseHeader.test(name)) kept[name] = redactText(value, secrets);
  }
  return kept;
}

/** The path and query of a URL with secret-looking query parameters (`?key=…`, Gemini) redacted. */
export function scrubPath(url: URL): { readonly path: string; readonly secrets: string[] } {
  const secrets: string[] = [];
  const params = new URLSearchParams(url.search);
  for (const [name, value] of [...params]) {
    if (secretRequestHeader.test(name) && value !== "") {
      secrets.push(value);
      params.set(name, hidden);
    }
  }
  const search = secrets.length === 0 ? url.search : `?${params.toString()}`;
  return { path: `${url.pathname}${search}`, secrets };
}

/** Replaces every occurrence of the secrets in a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of usable(secrets)) if (out.includes(secret)) out = out.split(secret).join(hidden);
  return out;
}

/** One byte a character, so that byte sequences can be searched with `indexOf`. */
function binary(bytes: Uint8Array): string {
  let out = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return out;
}

/** The byte ranges `[start, end)` where any secret occurs, sorted and merged. */
function secretSpans(joined: string, secrets: readonly string[]): Array<{ start: number; end: number }> {
  const encoder = new TextEncoder();
  const spans: Array<{ start: number; end: number }> = [];
  for (const secret of usable(secrets)) {
    const pattern = binary(encoder.encode(secret));
    for (let at = joined.indexOf(pattern); at !== -1; at = joined.indexOf(pattern, at + 1)) {
      spans.push({ start: at, end: at + pattern.length });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Replaces every secret in a body read as chunks, even one split across two chunks, keeping the chunk
 * boundaries around it: the marker goes where the secret started; a chunk left empty is dropped.
 */
export function redactChunks<T extends { readonly bytes: Uint8Array }>(
  chunks: readonly T[],
  secrets: readonly string[],
): T[] {
  const joined = chunks.map((chunk) => binary(chunk.bytes)).join("");
  const spans = secretSpans(joined, secrets);
  if (spans.length === 0) return [...chunks];
  const marker = new TextEncoder().encode(hidden);
  const out: T[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    const start = offset;
    const end = start + chunk.bytes.length;
    offset = end;
    const parts: Uint8Array[] = [];
    let cursor = start;
    for (const span of spans) {
      if (span.end <= cursor || span.start >= end) continue;
      if (span.start > cursor) parts.push(chunk.bytes.subarray(cursor - start, span.start - start));
      if (span.start >= start) parts.push(marker);
      cursor = Math.min(span.end, end);
    }
    if (cursor < end) parts.push(chunk.bytes.subarray(cursor - start));
    const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    if (bytes.length > 0) out.push({ ...chunk, bytes });
  }
  return out;
}
