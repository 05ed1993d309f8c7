import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  type ChatCompletionStream,
  collectStream,
  newChatCompletionStreamRequest,
  newUserMessage,
  type OutputEvent,
  parseOutput,
  type RequestOption,
  streamOutput,
  withResponseJsonSchema,
} from "../../lib/index.ts";
import { fixtureClient, recordedExchange } from "./fixture-server.ts";
import { sseOf, streamFixture, streamInOrder } from "./sse-server.ts";

const Weather = v.object({ city: v.string(), temperature: v.number(), units: v.picklist(["c", "f"]) });

/** Opens a stream on the fake server, replying with the given SSE body cut into pieces. */
async function opened(
  body: string,
  pieces = 1,
  ...options: readonly RequestOption[]
): Promise<ChatCompletionStream> {
  const server = streamInOrder([body], pieces);
  const result = await fixtureClient().chatCompletionStream(
    newChatCompletionStreamRequest("gpt-4o", [newUserMessage("Weather in SF?")], ...options),
  );
  expect(server.isDone()).toBe(true);
  return result._unsafeUnwrap();
}

async function eventsOf<T, P>(events: AsyncIterable<OutputEvent<T, P>>): Promise<OutputEvent<T, P>[]> {
  const all: OutputEvent<T, P>[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const partials = <T, P>(events: readonly OutputEvent<T, P>[]): P[] =>
  events.flatMap((event) => (event.type === "partial" ? [event.partial] : []));

describe("streamOutput", () => {
  const structured = streamFixture("openai/structured-output-json-schema.sse");
  const expectedPartials = [
    {},
    { city: "" },
    { city: "San" },
    { city: "San Francisco" },
    { city: "San Francisco", temperature: 61 },
    { city: "San Francisco", temperature: 61, units: "" },
    { city: "San Francisco", temperature: 61, units: "f" },
  ];

  it.each([1, 5, 40, 400])(
    "yields OpenAI's structured output as it grows, then the validated value (body in %i pieces)",
    async (pieces) => {
      const events = await eventsOf(streamOutput(await opened(structured, pieces), Weather));
      expect(partials(events)).toStrictEqual(expectedPartials);
      const last = events.at(-1);
      expect(last?.type).toBe("final");
      if (last?.type !== "final") return;
      expect(last.result._unsafeUnwrap()).toStrictEqual({
        city: "San Francisco",
        temperature: 61,
        units: "f",
      });
      expect(last.response?.choices[0]?.message.content).toBe(
        '{"city":"San Francisco","temperature":61,"units":"f"}',
      );
      expect(events.filter((event) => event.type === "final").length).toBe(1);
    },
  );

  it("parseOutput reads the response collectStream assembles", async () => {
    const response = (await collectStream(await opened(structured, 23)))._unsafeUnwrap();
    expect(parseOutput(response, Weather)._unsafeUnwrap()).toStrictEqual({
      city: "San Francisco",
      temperature: 61,
      units: "f",
    });
  });

  it("hands each partial over with the chunk that moved it", async () => {
    const events = await eventsOf(streamOutput(await opened(structured), Weather));
    const deltas = events.flatMap((event) =>
      event.type === "partial" ? [event.chunk.choices[0]?.delta.content] : [],
    );
    expect(deltas).toStrictEqual(['{"', '":"', "San", " Francisco", "61", '":"', "f"]);
  });

  it("reads llama.cpp's streamed grammar-constrained answer with the schema it was asked for", async () => {
    const exchange = recordedExchange("05-json-schema.json", 1);
    const sent = JSON.parse(exchange.request.body) as {
      response_format: { json_schema: { schema: Record<string, unknown> } };
    };
    const schema = sent.response_format.json_schema.schema;
    const content = exchange.response.body
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice(6)) as { choices: { delta: { content?: string | null } }[] })
      .map((chunk) => chunk.choices[0]?.delta.content ?? "")
      .join("");
    const events = await eventsOf(streamOutput(await opened(exchange.response.body, 9), schema));
    const final = JSON.parse(content) as Record<string, unknown>;
    for (const partial of partials(events)) {
      expect(Object.keys(partial as object).every((key) => key in final)).toBe(true);
    }
    const last = events.at(-1);
    expect(last?.type === "final" && last.result._unsafeUnwrap()).toStrictEqual(final);
  });

  it("ends a refusal with missing content and no partial", async () => {
    const events = await eventsOf(streamOutput(await opened(streamFixture("openai/refusal.sse")), Weather));
    expect(events.length).toBe(1);
    const [only] = events;
    expect(only?.type === "final" && only.result._unsafeUnwrapErr()).toMatchObject({
      kind: "output",
      reason: "missing_content",
      message: expect.stringMatching(/^the model refused to answer: /),
    });
  });

  it("ends with the stream's own error when it fails midway", async () => {
    const events = await eventsOf(
      streamOutput(await opened(streamFixture("groq/error-event-midstream.sse"))),
    );
    const last = events.at(-1);
    expect(last?.type === "final" && [last.result._unsafeUnwrapErr().kind, last.response]).toStrictEqual([
      "http",
      undefined,
    ]);
  });

  it("ends with not_json, and no partial, when the answer is not JSON", async () => {
    const body = sseOf([
      { id: "c", model: "m", choices: [{ index: 0, delta: { role: "assistant", content: "Sure: " } }] },
      { id: "c", model: "m", choices: [{ index: 0, delta: { content: '{"a":1}' }, finish_reason: "stop" }] },
    ]);
    const events = await eventsOf(streamOutput(await opened(body)));
    expect(events.length).toBe(1);
    expect(events[0]?.type === "final" && events[0].result._unsafeUnwrapErr()).toMatchObject({
      reason: "not_json",
    });
  });

  it("reads JSON mode without a schema, following Mistral's content arrays too", async () => {
    const body = sseOf([
      {
        id: "c",
        model: "m",
        choices: [{ index: 0, delta: { role: "assistant", content: [{ type: "text", text: '{"n":' }] } }],
      },
      { id: "c", model: "m", choices: [{ index: 0, delta: { content: [{ type: "text", text: "[1,2" }] } }] },
      { id: "c", model: "m", choices: [{ index: 0, delta: { content: "]}" }, finish_reason: "stop" }] },
    ]);
    const events = await eventsOf(streamOutput(await opened(body)));
    expect(partials(events)).toStrictEqual([{}, { n: [1, 2] }]);
    expect(
      events.at(-1)?.type === "final" &&
        (events.at(-1) as { result: { _unsafeUnwrap(): unknown } }).result._unsafeUnwrap(),
    ).toStrictEqual({ n: [1, 2] });
  });

  it("sends the schema with the streaming request", async () => {
    const server = streamInOrder([structured]);
    const opened = await fixtureClient().chatCompletionStream(
      newChatCompletionStreamRequest(
        "gpt-4o",
        [newUserMessage("Weather?")],
        withResponseJsonSchema(Weather, { name: "weather" }),
      ),
    );
    await eventsOf(streamOutput(opened._unsafeUnwrap(), Weather));
    expect((server.received[0] as { response_format: unknown }).response_format).toStrictEqual({
      type: "json_schema",
      json_schema: {
        name: "weather",
        schema: {
          $schema: "https://json-schema.org/draft/2020-12/schema",
          type: "object",
          properties: {
            city: { type: "string" },
            temperature: { type: "number" },
            units: { type: "string", enum: ["c", "f"] },
          },
          required: ["city", "temperature", "units"],
        },
      },
    });
  });
});
