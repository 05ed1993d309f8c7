import { describe, expect, test } from "vitest";
import { parseServerError } from "../../lib/transport/server-error.ts";

const read = (body: unknown): ReturnType<typeof parseServerError> =>
  parseServerError(body, JSON.stringify(body) ?? "");

describe("serverErrorBodySchema, through parseServerError", () => {
  test.each([
    [
      "OpenAI, with OpenRouter's upstream words and a numeric code",
      { error: { message: "Provider returned error", code: 429, metadata: { raw: "slow down" } } },
      { serverMessage: "Provider returned error: slow down", code: 429 },
    ],
    [
      "OpenAI fields of the wrong type read as missing",
      { error: { message: 5, type: "invalid_request_error", param: null, code: "" } },
      { type: "invalid_request_error" },
    ],
    [
      "TGI: error text and error_type",
      { error: "bad template", error_type: "template_error" },
      {
        serverMessage: "bad template",
        type: "template_error",
      },
    ],
    [
      "vLLM bare fields",
      { object: "error", message: "no model", type: "", code: 40301 },
      {
        serverMessage: "no model",
        code: 40301,
      },
    ],
    [
      "FastAPI detail items, one without msg skipped, one that is not an object skipped",
      { detail: [{ loc: ["body", "messages", 0], msg: "field required" }, { loc: ["x"] }, 7] },
      { serverMessage: "body.messages.0: field required" },
    ],
    ["FastAPI detail text", { detail: "Not Found" }, { serverMessage: "Not Found" }],
    [
      "Google's one-element array",
      [{ error: { message: "quota", code: 429 } }],
      {
        serverMessage: "quota",
        code: 429,
      },
    ],
    [
      "an error that is an array reads the top fields",
      { error: [], message: "top" },
      { serverMessage: "top" },
    ],
  ])("%s", (_name, body, details) => {
    expect(read(body)).toStrictEqual(details);
  });

  test("a body that is not an object is its own message, unless it is empty or HTML", () => {
    expect(parseServerError(undefined, "  upstream timed out \n")).toStrictEqual({
      serverMessage: "upstream timed out",
    });
    expect(parseServerError(undefined, "<html>502</html>")).toStrictEqual({});
    expect(parseServerError([1, 2], "[1,2]")).toStrictEqual({ serverMessage: "[1,2]" });
  });
});
