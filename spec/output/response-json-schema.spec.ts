import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  type ChatwireError,
  newChatCompletionRequest,
  newSystemMessage,
  newUserMessage,
  type RequestOption,
  withMaxTokens,
  withResponseJsonObjectFormat,
  withResponseJsonSchema,
  withSeed,
} from "../../lib/index.ts";
import { countingClient, fixtureClient, recordedExchange, replyInOrder } from "./fixture-server.ts";

const okBody = JSON.stringify({
  id: "chatcmpl-1",
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "{}" }, finish_reason: "stop" }],
});

/** The JSON body a request with these options puts on the wire. */
async function wireBody(...options: readonly RequestOption[]): Promise<unknown> {
  const server = replyInOrder(okBody);
  const result = await fixtureClient().chatCompletion(
    newChatCompletionRequest("m", [newUserMessage("JSON")], ...options),
  );
  expect(result.isOk()).toBe(true);
  expect(server.isDone()).toBe(true);
  return server.received[0];
}

/** The error sending a request with these options gives, checking no byte left. */
async function refused(...options: readonly RequestOption[]): Promise<ChatwireError> {
  const { client, calls } = countingClient();
  const result = await client.chatCompletion(
    newChatCompletionRequest("m", [newUserMessage("JSON")], ...options),
  );
  expect(calls()).toBe(0);
  return result._unsafeUnwrapErr();
}

const base = { model: "m", messages: [{ role: "user", content: "JSON" }] };

describe("withResponseJsonSchema", () => {
  it("sends exactly the body llama.cpp was sent for a plain JSON Schema", async () => {
    const exchange = recordedExchange("05-json-schema.json", 0);
    const recorded = JSON.parse(exchange.request.body) as {
      response_format: { json_schema: { schema: Record<string, unknown> } };
    };
    const server = replyInOrder(exchange.response.body);
    const request = newChatCompletionRequest(
      "tiny-qwen2",
      [
        newSystemMessage("Output JSON only."),
        newUserMessage("Name a programming language and its year of creation."),
      ],
      withResponseJsonSchema(recorded.response_format.json_schema.schema, { name: "language", strict: true }),
      withMaxTokens(200),
      withSeed(6),
    );
    expect((await fixtureClient().chatCompletion(request)).isOk()).toBe(true);
    expect(server.received).toStrictEqual([recorded]);
  });

  it("converts a valibot schema to JSON Schema draft 2020-12", async () => {
    const Language = v.strictObject({
      name: v.pipe(v.string(), v.description("The language's name")),
      year: v.pipe(v.number(), v.integer(), v.minValue(1940)),
      paradigms: v.optional(v.array(v.picklist(["functional", "imperative"]))),
    });
    expect(
      await wireBody(
        withResponseJsonSchema(Language, { name: "language", description: "A language", strict: true }),
      ),
    ).toStrictEqual({
      ...base,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "language",
          description: "A language",
          schema: {
            $schema: "https://json-schema.org/draft/2020-12/schema",
            type: "object",
            properties: {
              name: { type: "string", description: "The language's name" },
              year: { type: "integer", minimum: 1940 },
              paradigms: { type: "array", items: { type: "string", enum: ["functional", "imperative"] } },
            },
            required: ["name", "year"],
            additionalProperties: false,
          },
          strict: true,
        },
      },
    });
  });

  it("sends the input JSON Schema of a Standard JSON Schema, asking for draft 2020-12", async () => {
    const asked: unknown[] = [];
    const standard = {
      "~standard": {
        version: 1 as const,
        vendor: "hand-made",
        jsonSchema: {
          input: (options: unknown) => {
            asked.push(options);
            return { type: "string" };
          },
          output: () => ({ type: "number" }),
        },
      },
    };
    expect(await wireBody(withResponseJsonSchema(standard))).toStrictEqual({
      ...base,
      response_format: { type: "json_schema", json_schema: { name: "response", schema: { type: "string" } } },
    });
    expect(asked).toStrictEqual([{ target: "draft-2020-12" }]);
  });

  it("uses a schema's own toJSONSchema() when it has no Standard JSON Schema", async () => {
    const schema = {
      "~standard": { version: 1 as const, vendor: "older", validate: (value: unknown) => ({ value }) },
      toJSONSchema: () => ({ type: "boolean" }),
    };
    expect(await wireBody(withResponseJsonSchema(schema))).toStrictEqual({
      ...base,
      response_format: {
        type: "json_schema",
        json_schema: { name: "response", schema: { type: "boolean" } },
      },
    });
  });

  it.each<[string, v.GenericSchema, string]>([
    [
      "a transform",
      v.object({ n: v.pipe(v.string(), v.transform(Number)) }),
      'The "transform" action cannot be converted to JSON Schema.',
    ],
    [
      "a check",
      v.object({
        s: v.pipe(
          v.string(),
          v.check((s) => s !== "x"),
        ),
      }),
      'The "check" action cannot be converted to JSON Schema.',
    ],
    ["a date", v.object({ at: v.date() }), 'The "date" schema cannot be converted to JSON Schema.'],
    ["a bigint", v.bigint(), 'The "bigint" schema cannot be converted to JSON Schema.'],
  ])(
    "refuses a valibot schema with %s, naming it, before any network call",
    async (_name, schema, problem) => {
      expect(await refused(withResponseJsonSchema(schema))).toStrictEqual({
        kind: "invalid_request",
        field: "response_format.json_schema.schema",
        message: `invalid request: response_format.json_schema.schema cannot be sent as JSON Schema: ${problem}`,
        retryable: false,
      });
    },
  );

  it("refuses a Standard Schema that cannot give a JSON Schema", async () => {
    const opaque = {
      "~standard": { version: 1 as const, vendor: "opaque", validate: (value: unknown) => ({ value }) },
    };
    expect(await refused(withResponseJsonSchema(opaque))).toStrictEqual({
      kind: "invalid_request",
      field: "response_format.json_schema.schema",
      message:
        "invalid request: response_format.json_schema.schema cannot be sent as JSON Schema: is a opaque schema that cannot give a JSON Schema (it implements neither Standard JSON Schema nor toJSONSchema())",
      retryable: false,
    });
  });

  it.each<[string, () => unknown, string]>([
    [
      "throws an Error",
      () => {
        throw new Error("unsupported target");
      },
      "unsupported target",
    ],
    [
      "throws a string",
      () => {
        throw "nope";
      },
      "nope",
    ],
    ["returns no object", () => "string", "the converter did not return a JSON Schema object"],
  ])("refuses a Standard JSON Schema whose converter %s", async (_name, input, problem) => {
    const schema = {
      "~standard": { version: 1 as const, vendor: "x", jsonSchema: { input, output: input } },
    };
    const error = await refused(withResponseJsonSchema(schema as never));
    expect(error.message).toBe(
      `invalid request: response_format.json_schema.schema cannot be sent as JSON Schema: ${problem}`,
    );
  });

  it("refuses something that is not a schema object", async () => {
    const error = await refused(withResponseJsonSchema([] as never));
    expect(error.message).toBe(
      "invalid request: response_format.json_schema.schema cannot be sent as JSON Schema: is not a JSON Schema object",
    );
  });

  it("lets a later response format replace a schema that could not be sent", async () => {
    const bad = withResponseJsonSchema(v.date());
    expect(await wireBody(bad, withResponseJsonObjectFormat())).toStrictEqual({
      ...base,
      response_format: { type: "json_object" },
    });
  });

  it("is pure: applying the option leaves the request alone and gives equal results", () => {
    const option = withResponseJsonSchema(v.object({ a: v.string() }));
    const request = newChatCompletionRequest("m", [newUserMessage("JSON")]);
    const before = structuredClone(request);
    expect(option(request)).toStrictEqual(option(request));
    expect(request).toStrictEqual(before);
    const failing = withResponseJsonSchema(v.date());
    expect(failing(request)).toStrictEqual(failing(request));
    expect(request).toStrictEqual(before);
  });
});
