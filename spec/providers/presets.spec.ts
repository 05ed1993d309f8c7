import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  collectStream,
  newChatCompletionRequest,
  newClient,
  newSystemMessage,
  newUserMessage,
  withMaxRetries,
  withMaxTokens,
  withProvider,
  withStop,
  withTemperature,
} from "../../lib/index.ts";
import { type PresetCase, presetCases, streamedContent } from "./support/preset-cases.ts";

const keyNames = [...new Set(presetCases.flatMap((item) => (item.env === undefined ? [] : [item.env])))];
const saved = new Map(keyNames.map((name) => [name, process.env[name]]));
/** Set for every preset that is not OpenAI: it must never reach another provider. */
const openAiKey = "sk-openai-must-stay-home-0001";

beforeEach(() => {
  for (const name of keyNames) delete process.env[name];
});
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const keyOf = (item: PresetCase): string => `sk-${item.name}-from-env-0123`;

/** Sets the preset's key variable (and OPENAI_API_KEY for the others) as a user's shell would. */
function setEnvironment(item: PresetCase): void {
  if (item.env !== undefined) process.env[item.env] = keyOf(item);
  if (item.env !== "OPENAI_API_KEY") process.env.OPENAI_API_KEY = openAiKey;
}

/** A nock scope for the preset's host that checks the key header and the preset's own headers. */
function presetScope(item: PresetCase): nock.Scope {
  const other = item.keyHeader === "authorization" ? "api-key" : "authorization";
  const badheaders = item.env === undefined ? ["authorization", "api-key"] : [other];
  const reqheaders: Record<string, string> = { ...item.headers };
  if (item.env !== undefined) {
    reqheaders[item.keyHeader] = item.keyHeader === "authorization" ? `Bearer ${keyOf(item)}` : keyOf(item);
  }
  return nock(item.origin, { reqheaders, badheaders });
}

const messages = [newSystemMessage("Be brief."), newUserMessage("Name a colour.")];
const request = (item: PresetCase) =>
  newChatCompletionRequest(item.model, messages, withTemperature(0), withMaxTokens(64), withStop(["\n\n"]));
const expectedBody = (item: PresetCase) => ({
  model: item.model,
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Name a colour." },
  ],
  temperature: 0,
  max_tokens: 64,
  stop: ["\n\n"],
});

const smallAnswer = (model: string) => ({
  id: "chatcmpl-preset",
  object: "chat.completion",
  model,
  choices: [{ index: 0, message: { role: "assistant", content: "Blue." }, finish_reason: "stop" }],
});

describe.each(presetCases)("preset $name", (item) => {
  test("sends the exact URL, key header, preset headers and body; parses the answer", async () => {
    setEnvironment(item);
    let sent: unknown;
    const body = item.response?.() ?? JSON.stringify(smallAnswer(item.model));
    const scope = presetScope(item)
      .post(item.chatPath, (received) => {
        sent = received;
        return true;
      })
      .query(item.query ?? {})
      .matchHeader("content-type", "application/json")
      .matchHeader("accept", "application/json")
      .reply(200, body, { "content-type": "application/json" });

    const result = await newClient(withProvider(item.preset()), withMaxRetries(0)).chatCompletion(
      request(item),
    );

    expect(scope.isDone()).toBe(true);
    expect(sent).toStrictEqual(expectedBody(item));
    const {
      latencyMs: _latency,
      attempts: _attempts,
      requestId: _id,
      timing: _timing,
      ...wire
    } = result._unsafeUnwrap();
    expect(wire).toStrictEqual(JSON.parse(body));
  });

  test("lists the models at its own path", async () => {
    setEnvironment(item);
    const list = { object: "list", data: [{ id: item.model, object: "model" }] };
    const scope = presetScope(item)
      .get(item.modelsPath)
      .query(item.query ?? {})
      .reply(200, list);

    const result = await newClient(withProvider(item.preset()), withMaxRetries(0)).listModels();

    expect(scope.isDone()).toBe(true);
    const { latencyMs: _latency, attempts: _attempts, timing: _timing, ...wire } = result._unsafeUnwrap();
    expect(wire).toStrictEqual(list);
  });
});

describe.each(presetCases.filter((item) => item.stream !== undefined))(
  "preset $name, recorded stream",
  (item) => {
    test("sends stream: true and reads the provider's recorded stream", async () => {
      setEnvironment(item);
      const sse = item.stream?.() ?? "";
      let sent: unknown;
      const scope = presetScope(item)
        .post(item.chatPath, (received) => {
          sent = received;
          return true;
        })
        .query(item.query ?? {})
        .matchHeader("accept", "text/event-stream")
        .reply(200, sse, { "content-type": "text/event-stream" });

      const client = newClient(withProvider(item.preset()), withMaxRetries(0));
      const collected = await client.chatCompletionStream(request(item)).andThen(collectStream);

      expect(scope.isDone()).toBe(true);
      expect(sent).toStrictEqual({ ...expectedBody(item), stream: true });
      const message = collected._unsafeUnwrap().choices[0]?.message;
      expect(message?.content ?? "").toBe(streamedContent(sse));
    });
  },
);

describe("presets without a key variable (local servers)", () => {
  test.each(presetCases.filter((item) => item.env === undefined))(
    "$name sends no key, even with OPENAI_API_KEY set",
    async (item) => {
      process.env.OPENAI_API_KEY = openAiKey;
      const scope = presetScope(item).post(item.chatPath).reply(200, smallAnswer(item.model));

      const result = await newClient(withProvider(item.preset()), withMaxRetries(0)).chatCompletion(
        request(item),
      );

      expect(result.isOk()).toBe(true);
      expect(scope.isDone()).toBe(true);
    },
  );
});
