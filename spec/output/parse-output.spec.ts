import type { StandardSchemaV1 } from "@standard-schema/spec";
import { toStandardJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  type ChatCompletionResponse,
  type ChatwireError,
  newChatCompletionRequest,
  newUserMessage,
  parseOutput,
  withResponseJsonObjectFormat,
  withResponseJsonSchema,
} from "../../lib/index.ts";
import { fixtureClient, fixtureText, recordedExchange, replyInOrder } from "./fixture-server.ts";

const Weather = v.object({ city: v.string(), temperature: v.number(), units: v.picklist(["c", "f"]) });
const weatherJsonSchema = {
  type: "object",
  properties: {
    city: { type: "string" },
    temperature: { type: "number" },
    units: { type: "string", enum: ["c", "f"] },
  },
  required: ["city", "temperature", "units"],
  additionalProperties: false,
};

/** Replays a body through a real client call, so the response is what chatCompletion gives. */
async function replayed(body: string): Promise<ChatCompletionResponse> {
  const server = replyInOrder(body);
  const result = await fixtureClient().chatCompletion(
    newChatCompletionRequest(
      "gpt-4o",
      [newUserMessage("Weather in SF, as JSON?")],
      withResponseJsonSchema(Weather),
    ),
  );
  expect(server.isDone()).toBe(true);
  return result._unsafeUnwrap();
}

/** A response with one choice, for cases no fixture shows. */
function answer(
  message: Record<string, unknown>,
  finishReason: string | null = "stop",
): ChatCompletionResponse {
  return {
    id: "chatcmpl-1",
    model: "m",
    choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finishReason }],
    latencyMs: 1,
    attempts: [],
    timing: { headersLatencyMs: 1, totalLatencyMs: 1, attempts: [] },
  };
}

const outputError = (result: { isErr(): boolean; _unsafeUnwrapErr(): ChatwireError }): ChatwireError =>
  result._unsafeUnwrapErr();

describe("parseOutput on recorded answers", () => {
  const openai = fixtureText("responses/openai/json-schema-structured-output.json");
  const expected = { city: "San Francisco", temperature: 65, units: "f" };

  it("reads OpenAI's structured output with a valibot schema", async () => {
    expect(parseOutput(await replayed(openai), Weather)._unsafeUnwrap()).toStrictEqual(expected);
  });

  it("reads it with the same schema as plain JSON Schema", async () => {
    expect(parseOutput(await replayed(openai), weatherJsonSchema)._unsafeUnwrap()).toStrictEqual(expected);
  });

  it("reads it with a Standard JSON Schema (valibot's toStandardJsonSchema)", async () => {
    expect(parseOutput(await replayed(openai), toStandardJsonSchema(Weather))._unsafeUnwrap()).toStrictEqual(
      expected,
    );
  });

  it("reads Ollama's answer, whose content has spaces around the JSON", async () => {
    const City = v.object({ city: v.string(), country: v.string() });
    const response = await replayed(fixtureText("responses/ollama/json-schema-local.json"));
    expect(parseOutput(response, City)._unsafeUnwrap()).toStrictEqual({ city: "Paris", country: "France" });
  });

  it("reads llama.cpp's grammar-constrained answer with the schema it was asked for", async () => {
    const exchange = recordedExchange("05-json-schema.json", 0);
    const sent = JSON.parse(exchange.request.body) as {
      response_format: { json_schema: { schema: Record<string, unknown> } };
    };
    const response = await replayed(exchange.response.body);
    expect(parseOutput(response, sent.response_format.json_schema.schema)._unsafeUnwrap()).toStrictEqual({
      name: "- Derek Petty",
      year: 4,
    });
  });

  it("reads DeepSeek's JSON mode answer without a schema, as unknown JSON", async () => {
    const response = await replayed(fixtureText("responses/deepseek/json-mode-with-reasoning.json"));
    expect(parseOutput(response)._unsafeUnwrap()).toStrictEqual({
      location: "San Francisco",
      condition: "cloudy",
      temperature: 7,
    });
  });

  it("reports OpenAI's refusal as missing content, with the refusal's text", async () => {
    const response = await replayed(fixtureText("responses/openai/refusal.json"));
    expect(outputError(parseOutput(response, Weather))).toStrictEqual({
      kind: "output",
      reason: "missing_content",
      message: "the model refused to answer: I'm very sorry, but I can't assist with that.",
      retryable: false,
    });
  });

  it.each([
    ["groq/tool-call.json", "weather"],
    ["mistral/tool-call.json", "weather"],
    ["openai/parallel-tool-calls.json", "GetWeatherArgs, get_stock_price"],
  ])("reports the tool calls of %s as missing content", async (path, names) => {
    const response = await replayed(fixtureText(`responses/${path}`));
    expect(outputError(parseOutput(response, Weather))).toStrictEqual({
      kind: "output",
      reason: "missing_content",
      message: `the response has no content (it called tools instead: ${names})`,
      retryable: false,
    });
  });

  it("reads the text parts of a Mistral content array", () => {
    const response = answer({
      content: [
        { type: "thinking", thinking: [{ type: "text", text: "JSON it is." }] },
        { type: "text", text: '{"city":"Lyon",' },
        { type: "text", text: '"temperature":12,"units":"c"}' },
      ],
    });
    expect(parseOutput(response, Weather)._unsafeUnwrap()).toStrictEqual({
      city: "Lyon",
      temperature: 12,
      units: "c",
    });
  });
});

describe("parseOutput errors", () => {
  it("says when there is no choice", () => {
    const response = { ...answer({ content: "{}" }), choices: [] };
    expect(outputError(parseOutput(response))).toStrictEqual({
      kind: "output",
      reason: "missing_content",
      message: "the response has no choices",
      retryable: false,
    });
  });

  it.each([
    [{ content: null }, "stop", "the response has no content"],
    [{}, "stop", "the response has no content"],
    [{ content: "  \n" }, "stop", "the response has no content"],
    [{ content: "" }, "length", "the response has no content (finish_reason is length: the answer was cut)"],
    [{ content: null }, "content_filter", "the response has no content (finish_reason is content_filter)"],
  ])("says the content is missing: %j, finish %s", (message, finishReason, text) => {
    expect(outputError(parseOutput(answer(message, finishReason)))).toStrictEqual({
      kind: "output",
      reason: "missing_content",
      message: text,
      retryable: false,
    });
  });

  it("says when the content is not JSON", () => {
    const error = outputError(parseOutput(answer({ content: "Sure! Here is the JSON." }), Weather));
    expect(error.kind === "output" && error.reason).toBe("not_json");
    expect(error.message).toMatch(/^the output is not JSON: /);
  });

  it("says when JSON was cut by the token limit", () => {
    const error = outputError(parseOutput(answer({ content: '{"city":"San Fr' }, "length"), Weather));
    expect(error.kind === "output" && error.reason).toBe("not_json");
    expect(error.message).toMatch(/\(finish_reason is length: the answer was cut\)$/);
  });

  it("names the path of the first mismatch, for a valibot schema", () => {
    const Order = v.object({ items: v.array(v.object({ name: v.string(), price: v.number() })) });
    const content = JSON.stringify({
      items: [
        { name: "a", price: 1 },
        { name: "b", price: "2" },
      ],
    });
    expect(outputError(parseOutput(answer({ content }), Order))).toStrictEqual({
      kind: "output",
      reason: "schema_mismatch",
      message:
        'schema mismatch in the output at items.1.price: Invalid type: Expected number but received "2"',
      path: "items.1.price",
      retryable: false,
    });
  });

  it("names the path of the first mismatch, for a plain JSON Schema", () => {
    const content = JSON.stringify({ city: "Paris", temperature: "warm", units: "c" });
    expect(outputError(parseOutput(answer({ content }), weatherJsonSchema))).toStrictEqual({
      kind: "output",
      reason: "schema_mismatch",
      message:
        'schema mismatch in the output at temperature: Instance type "string" is invalid. Expected "number".',
      path: "temperature",
      retryable: false,
    });
  });

  it("names a missing property by its own path, for both kinds of schema", () => {
    const content = JSON.stringify({ city: "Paris", units: "c" });
    const fromValibot = outputError(parseOutput(answer({ content }), Weather));
    const fromJsonSchema = outputError(parseOutput(answer({ content }), weatherJsonSchema));
    expect([
      fromValibot.kind === "output" && fromValibot.path,
      fromJsonSchema.kind === "output" && fromJsonSchema.path,
    ]).toStrictEqual(["temperature", "temperature"]);
  });

  it("gives the root an empty path", () => {
    const error = outputError(parseOutput(answer({ content: "[1]" }), weatherJsonSchema));
    expect(error).toStrictEqual({
      kind: "output",
      reason: "schema_mismatch",
      message: 'schema mismatch in the output: Instance type "array" is invalid. Expected "object".',
      path: "",
      retryable: false,
    });
  });

  it("reports a schema that validates asynchronously as a bad request, not a mismatch", () => {
    const Async = v.objectAsync({ city: v.string() });
    expect(outputError(parseOutput(answer({ content: '{"city":"Paris"}' }), Async))).toStrictEqual({
      kind: "invalid_request",
      field: "schema",
      message:
        "invalid request: schema (valibot) validates asynchronously; chatwire needs a synchronous schema",
      retryable: false,
    });
  });

  it("reports a JSON Schema the validator cannot use", () => {
    const broken = { $ref: "#/$defs/missing" };
    const error = outputError(parseOutput(answer({ content: "{}" }), broken));
    expect(error.kind === "invalid_request" && error.field).toBe("schema");
    expect(error.message).toMatch(/^invalid request: schema is not a usable JSON Schema: /);
  });

  it("reports a Standard Schema that throws while validating", () => {
    const throwing: StandardSchemaV1<unknown, never> = {
      "~standard": {
        version: 1,
        vendor: "hand-made",
        validate: () => {
          throw new Error("boom");
        },
      },
    };
    expect(outputError(parseOutput(answer({ content: "{}" }), throwing))).toStrictEqual({
      kind: "invalid_request",
      field: "schema",
      message: "invalid request: schema (hand-made) threw while validating: boom",
      retryable: false,
    });
  });
});

describe("parseOutput with schemas of every kind", () => {
  it("gives a valibot schema's output, transforms applied", () => {
    const Stamp = v.object({
      at: v.pipe(
        v.string(),
        v.isoDate(),
        v.transform((text) => text.split("-").map(Number)),
      ),
    });
    expect(parseOutput(answer({ content: '{"at":"2025-09-26"}' }), Stamp)._unsafeUnwrap()).toStrictEqual({
      at: [2025, 9, 26],
    });
  });

  it("uses any Standard Schema's own validation", () => {
    const Even: StandardSchemaV1<unknown, number> = {
      "~standard": {
        version: 1,
        vendor: "hand-made",
        validate: (value) =>
          typeof value === "number" && value % 2 === 0
            ? { value }
            : { issues: [{ message: "must be even", path: [{ key: "n" }] }] },
      },
    };
    expect(parseOutput(answer({ content: "4" }), Even)._unsafeUnwrap()).toBe(4);
    expect(outputError(parseOutput(answer({ content: "5" }), Even))).toStrictEqual({
      kind: "output",
      reason: "schema_mismatch",
      message: "schema mismatch in the output at n: must be even",
      path: "n",
      retryable: false,
    });
  });

  it("validates with the JSON Schema of a Standard JSON Schema that cannot validate", () => {
    const jsonOnly = {
      "~standard": {
        version: 1 as const,
        vendor: "json-only",
        jsonSchema: {
          input: () => ({ type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] }),
          output: () => ({ type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] }),
        },
      },
    };
    expect(parseOutput(answer({ content: '{"ok":true}' }), jsonOnly)._unsafeUnwrap()).toStrictEqual({
      ok: true,
    });
    expect(outputError(parseOutput(answer({ content: '{"ok":1}' }), jsonOnly))).toMatchObject({
      reason: "schema_mismatch",
      path: "ok",
    });
  });

  it("works with JSON mode requests", async () => {
    const server = replyInOrder(fixtureText("responses/deepseek/json-mode-with-reasoning.json"));
    const result = await fixtureClient()
      .chatCompletion(
        newChatCompletionRequest(
          "deepseek-reasoner",
          [newUserMessage("JSON please")],
          withResponseJsonObjectFormat(),
        ),
      )
      .andThen((response) => parseOutput(response));
    expect(result._unsafeUnwrap()).toStrictEqual({
      location: "San Francisco",
      condition: "cloudy",
      temperature: 7,
    });
    expect(server.received).toStrictEqual([
      {
        model: "deepseek-reasoner",
        messages: [{ role: "user", content: "JSON please" }],
        response_format: { type: "json_object" },
      },
    ]);
  });
});
