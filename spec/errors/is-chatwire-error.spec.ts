import { describe, expect, test } from "vitest";
import { type ChatwireError, isChatwireError } from "../../lib/index.ts";

const oneOfEachKind: readonly ChatwireError[] = [
  { kind: "invalid_request", message: "invalid request: n must be…", field: "n", retryable: false },
  { kind: "http", message: "POST … → 500", status: 500, bodySnippet: "", body: "", retryable: true },
  { kind: "timeout", message: "timed out", timeout: "total", timeoutMs: 10, retryable: true },
  { kind: "aborted", message: "the request was aborted by the caller", retryable: false },
  { kind: "network", message: "fetch failed", cause: "ECONNREFUSED", retryable: true },
  { kind: "decode", message: "not JSON", retryable: false },
  { kind: "output", message: "not JSON", reason: "not_json", retryable: false },
];

describe("isChatwireError", () => {
  test.each(oneOfEachKind)("accepts a $kind error", (error) => {
    expect(isChatwireError(error)).toBe(true);
  });

  test("accepts an error after a JSON round trip (it is plain data)", () => {
    for (const error of oneOfEachKind) expect(isChatwireError(JSON.parse(JSON.stringify(error)))).toBe(true);
  });

  test.each<[string, unknown]>([
    ["undefined", undefined],
    ["null", null],
    ["a string", "http"],
    ["a number", 500],
    ["an array", ["http", "message", false]],
    ["an Error", new Error("boom")],
    ["an unknown kind", { kind: "fatal", message: "boom", retryable: false }],
    ["a kind that is not a string", { kind: 1, message: "boom", retryable: false }],
    ["no message", { kind: "http", retryable: false }],
    ["a message that is not a string", { kind: "http", message: { text: "boom" }, retryable: false }],
    ["no retryable", { kind: "timeout", message: "timed out" }],
    ["retryable that is not a boolean", { kind: "network", message: "down", retryable: "yes" }],
    ["a DOMException AbortError", new DOMException("aborted", "AbortError")],
  ])("rejects %s", (_name, value) => {
    expect(isChatwireError(value)).toBe(false);
  });
});
