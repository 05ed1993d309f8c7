import { describe, expect, it } from "vitest";
import { redactChunks, redactText, scrubPath, scrubRequestHeaders } from "../../lib/testing/scrub-secrets.ts";

const key = "sk-planted-0123456789abcdef";
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const pieces = (...texts: string[]) => texts.map((text, index) => ({ atMs: index, bytes: bytes(text) }));
const texts = (chunks: readonly { readonly atMs: number; readonly bytes: Uint8Array }[]) =>
  chunks.map((chunk) => ({ atMs: chunk.atMs, text: new TextDecoder().decode(chunk.bytes) }));

describe("scrubRequestHeaders", () => {
  it("drops every secret-looking header and gives back its values, the bearer credential alone too", () => {
    const headers = new Headers({
      accept: "application/json",
      Authorization: `Bearer ${key}`,
      "api-key": "azure-key-0123456789",
      "X-Goog-Api-Key": "goog-0123456789",
      cookie: "session=abcdefgh12345",
      "x-access-token": "token-0123456789",
      "x-client-secret": "secret-0123456789",
      "x-password": "hunter2hunter2",
      "proxy-authorization": "Basic dXNlcjpwYXNzd29yZA==",
      "openai-organization": "org-123",
    });
    expect(scrubRequestHeaders(headers)).toStrictEqual({
      headers: { accept: "application/json", "openai-organization": "org-123" },
      secrets: [
        "azure-key-0123456789",
        `Bearer ${key}`,
        key,
        "session=abcdefgh12345",
        "Basic dXNlcjpwYXNzd29yZA==",
        "dXNlcjpwYXNzd29yZA==",
        "token-0123456789",
        "secret-0123456789",
        "goog-0123456789",
        "hunter2hunter2",
      ],
    });
  });
});

describe("scrubPath", () => {
  it("redacts secret-looking query parameters and keeps the others as sent", () => {
    expect(scrubPath(new URL("https://x.test/v1beta/models?key=AIza0123456789&alt=sse"))).toStrictEqual({
      path: "/v1beta/models?key=%5Bredacted%5D&alt=sse",
      secrets: ["AIza0123456789"],
    });
    expect(scrubPath(new URL("https://x.test/v1/models?a=%20b"))).toStrictEqual({
      path: "/v1/models?a=%20b",
      secrets: [],
    });
  });
});

describe("redactText", () => {
  it("replaces every occurrence of a secret of 8 characters or more, and leaves shorter ones", () => {
    expect(redactText(`${key} and ${key}, short`, [key, "short"])).toBe("[redacted] and [redacted], short");
  });
});

describe("redactChunks", () => {
  it("leaves chunks without a secret as they are", () => {
    const chunks = pieces("data: a\n\n", "data: b\n\n");
    expect(redactChunks(chunks, [key])).toStrictEqual(chunks);
  });

  it("removes a secret split across two chunks, the marker where it started, boundaries kept", () => {
    const chunks = pieces('{"echo":"sk-planted-01', '23456789abcdef","n":1}');
    expect(texts(redactChunks(chunks, [key]))).toStrictEqual([
      { atMs: 0, text: '{"echo":"[redacted]' },
      { atMs: 1, text: '","n":1}' },
    ]);
  });

  it("drops a chunk that held nothing but part of a secret", () => {
    const chunks = pieces("a sk-planted", "-0123456789", "abcdef b");
    expect(texts(redactChunks(chunks, [key]))).toStrictEqual([
      { atMs: 0, text: "a [redacted]" },
      { atMs: 2, text: " b" },
    ]);
  });

  it("merges overlapping secrets into one marker and removes several in one chunk", () => {
    const chunks = pieces(`Bearer ${key} / ${key} / é`);
    expect(texts(redactChunks(chunks, [`Bearer ${key}`, key]))).toStrictEqual([
      { atMs: 0, text: "[redacted] / [redacted] / é" },
    ]);
  });
});
