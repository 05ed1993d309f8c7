import { describe, expect, test } from "vitest";
import {
  newChatCompletionRequest,
  newUserMessage,
  type RequestOption,
  withResponseJsonObjectFormat,
  withResponseJsonSchema,
  withResponseTextFormat,
} from "../../lib/index.ts";
import { sentBody } from "../client/nock-server.ts";

const model = "gpt-4.1-nano";
const messages = [newUserMessage("Answer in JSON.")];
const base = { model, messages: [{ role: "user", content: "Answer in JSON." }] };
const citySchema = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
  additionalProperties: false,
};

const wire = (...options: readonly RequestOption[]): Promise<unknown> =>
  sentBody(newChatCompletionRequest(model, messages, ...options));

describe("response format options on the wire", () => {
  test("withResponseTextFormat", async () => {
    expect(await wire(withResponseTextFormat())).toStrictEqual({
      ...base,
      response_format: { type: "text" },
    });
  });

  test("withResponseJsonObjectFormat", async () => {
    expect(await wire(withResponseJsonObjectFormat())).toStrictEqual({
      ...base,
      response_format: { type: "json_object" },
    });
  });

  test("withResponseJsonSchema with no settings names the schema `response`", async () => {
    expect(await wire(withResponseJsonSchema(citySchema))).toStrictEqual({
      ...base,
      response_format: { type: "json_schema", json_schema: { name: "response", schema: citySchema } },
    });
  });

  test("withResponseJsonSchema with every setting, strict false included", async () => {
    expect(
      await wire(withResponseJsonSchema(citySchema, { name: "city", description: "A city.", strict: false })),
    ).toStrictEqual({
      ...base,
      response_format: {
        type: "json_schema",
        json_schema: { name: "city", description: "A city.", schema: citySchema, strict: false },
      },
    });
  });

  test.each<[string, readonly RequestOption[], unknown]>([
    [
      "text then JSON object",
      [withResponseTextFormat(), withResponseJsonObjectFormat()],
      { type: "json_object" },
    ],
    ["JSON object then text", [withResponseJsonObjectFormat(), withResponseTextFormat()], { type: "text" }],
    [
      "JSON object then JSON schema",
      [withResponseJsonObjectFormat(), withResponseJsonSchema(citySchema, { strict: true })],
      { type: "json_schema", json_schema: { name: "response", schema: citySchema, strict: true } },
    ],
    [
      "JSON schema then JSON object",
      [withResponseJsonSchema(citySchema), withResponseJsonObjectFormat()],
      { type: "json_object" },
    ],
  ])("a later response format replaces an earlier one: %s", async (_name, options, format) => {
    expect(await wire(...options)).toStrictEqual({ ...base, response_format: format });
  });
});
