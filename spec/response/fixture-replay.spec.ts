import { readdirSync, readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  assistantMessage,
  assistantText,
  type ChatCompletionResponse,
  newChatCompletionRequest,
  newUserMessage,
  withClock,
} from "../../lib/index.ts";
import { apiOrigin, testClient } from "../client/nock-server.ts";

const responsesDir = new URL("../fixtures/responses/", import.meta.url);

/** Every non-error body under spec/fixtures/responses/, as `provider/case.json`. */
const successFiles = readdirSync(responsesDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".json") && !file.split("/").includes("errors"))
  .sort();

/** What a user reads from a response: the fields chatwire validates, as plain values. */
function summary(response: ChatCompletionResponse): unknown {
  const message = assistantMessage(response);
  return {
    id: response.id,
    model: response.model,
    choices: response.choices.length,
    text: assistantText(response),
    content: message?.content,
    tool_calls: message?.tool_calls,
    finish_reason: response.choices[0]?.finish_reason,
    usage: {
      prompt_tokens: response.usage?.prompt_tokens,
      completion_tokens: response.usage?.completion_tokens,
      total_tokens: response.usage?.total_tokens,
    },
  };
}

interface Expected {
  readonly summary: Record<string, unknown>;
  /** Fields chatwire does not read, which must be kept as sent: top-level ones and the first message's. */
  readonly kept?: Record<string, unknown>;
  readonly keptInMessage?: Record<string, unknown>;
}

const usage = (prompt_tokens: number, completion_tokens: number, total_tokens: number) => ({
  prompt_tokens,
  completion_tokens,
  total_tokens,
});
const text = (id: string, model: string, content: unknown, finish: string, u: unknown, choices = 1) => ({
  id,
  model,
  choices,
  text: content,
  content,
  tool_calls: undefined,
  finish_reason: finish,
  usage: u,
});

const expected: Readonly<Record<string, Expected>> = {
  "deepseek/json-mode-with-reasoning.json": {
    summary: text(
      "f03bc170-b375-4561-9685-35182c8152c5",
      "deepseek-reasoner",
      '{\n  "location": "San Francisco",\n  "condition": "cloudy",\n  "temperature": 7\n}',
      "stop",
      usage(495, 144, 639),
    ),
    kept: { system_fingerprint: "fp_eaab8d114b_prod0820_fp8_kvcache" },
    keptInMessage: { reasoning_content: expect.stringMatching(/^I have the result from the weather tool\./) },
  },
  "groq/tool-call.json": {
    summary: {
      id: "chatcmpl-1fd017fc-60b8-44eb-a736-375b8e1bc3e7",
      model: "llama-3.3-70b-versatile",
      choices: 1,
      text: undefined,
      content: undefined,
      tool_calls: [{ id: "ax9fskhev", type: "function", function: { name: "weather", arguments: "{}" } }],
      finish_reason: "tool_calls",
      usage: usage(218, 15, 233),
    },
    kept: {
      x_groq: { id: "req_01kh52madzem68scv0bcz3vm00", seed: 1790130236 },
      service_tier: "on_demand",
      usage_breakdown: null,
    },
  },
  "hf-tgi/text.json": {
    summary: text(
      "",
      "mistralai/Mistral-7B-Instruct-v0.2",
      " One plus one is equal to two.",
      "stop",
      usage(20, 9, 29),
    ),
    kept: { system_fingerprint: "3.0.1-sha-bb9095a", object: "chat.completion" },
  },
  "mistral/reasoning-content-array.json": {
    summary: {
      id: "a4e29c5b82f94d67b23e108a7c9df6e1",
      model: "magistral-medium-2507",
      choices: 1,
      text: "2 + 2 = 4",
      content: [
        {
          type: "thinking",
          thinking: [{ type: "text", text: "The user is asking for 2+2. This is basic arithmetic. 2+2=4." }],
        },
        { type: "text", text: "2 + 2 = 4" },
      ],
      tool_calls: undefined,
      finish_reason: "stop",
      usage: usage(10, 46, 56),
    },
  },
  "mistral/tool-call.json": {
    summary: {
      id: "b3999b8c93e04e11bcbff7bcab829667",
      model: "mistral-small-latest",
      choices: 1,
      text: undefined,
      content: undefined,
      tool_calls: [
        { id: "gSIMJiOkT", function: { name: "weather", arguments: '{"location": "San Francisco"}' } },
      ],
      finish_reason: "tool_calls",
      usage: usage(124, 22, 146),
    },
  },
  "nebius/text-vllm-shape.json": {
    summary: {
      ...text(
        "chatcmpl-89392f51529b4d1c82c3d58b210735c5",
        "meta-llama/Meta-Llama-3.1-8B-Instruct",
        "Two",
        "stop",
        usage(21, 2, 23),
      ),
      tool_calls: [],
    },
    kept: { prompt_logprobs: null, service_tier: null, system_fingerprint: null },
    keptInMessage: { audio: null, function_call: null, refusal: null },
  },
  "ollama/json-schema-local.json": {
    summary: text(
      "chatcmpl-150",
      "qwen3:0.6b",
      '{ "city": "Paris", "country": "France" }',
      "stop",
      usage(136, 15, 151),
    ),
    kept: { system_fingerprint: "fp_ollama" },
    keptInMessage: {
      reasoning: expect.stringMatching(/^Okay, the user is asking for the capital of France\./),
    },
  },
  "ollama/text-with-reasoning-cloud.json": {
    summary: text("chatcmpl-395", "gpt-oss:20b", "Paris.", "stop", usage(134, 122, 256)),
    keptInMessage: { reasoning: expect.stringMatching(/^We need to answer question/) },
  },
  "openai/json-schema-structured-output.json": {
    summary: text(
      "chatcmpl-ABfvbtVnTu5DeC4EFnRYj8mtfOM99",
      "gpt-4o-2024-08-06",
      '{"city":"San Francisco","temperature":65,"units":"f"}',
      "stop",
      usage(79, 14, 93),
    ),
    keptInMessage: { refusal: null },
  },
  "openai/n3-multiple-choices.json": {
    summary: text(
      "chatcmpl-ABfvp8qzboW92q8ONDF4DPHlI7ckC",
      "gpt-4o-2024-08-06",
      '{"city":"San Francisco","temperature":64,"units":"f"}',
      "stop",
      usage(79, 44, 123),
      3,
    ),
  },
  "openai/parallel-tool-calls.json": {
    summary: {
      id: "chatcmpl-ABfvyvfNWKcl7Ohqos4UFrmMs1v4C",
      model: "gpt-4o-2024-08-06",
      choices: 1,
      text: undefined,
      content: null,
      tool_calls: [
        {
          id: "call_fdNz3vOBKYgOIpMdWotB9MjY",
          type: "function",
          function: {
            name: "GetWeatherArgs",
            arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}',
          },
        },
        {
          id: "call_h1DWI1POMJLb0KwIyQHWXD4p",
          type: "function",
          function: { name: "get_stock_price", arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}' },
        },
      ],
      finish_reason: "tool_calls",
      usage: usage(149, 60, 209),
    },
  },
  "openai/refusal.json": {
    summary: {
      ...text("chatcmpl-ABfvwoKVWPQj2UPlAcAKM7s40GsRx", "gpt-4o-2024-08-06", null, "stop", usage(79, 12, 91)),
      text: undefined,
    },
    keptInMessage: { refusal: "I'm very sorry, but I can't assist with that." },
  },
  "openai/text-gpt-4.1-nano.json": {
    summary: text(
      "chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU",
      "gpt-4.1-nano-2025-04-14",
      expect.stringMatching(
        /^\*\*Holiday Name:\*\* Galaxy Day {2}\n\n.*inspiring individuals to look up and dream/s,
      ),
      "stop",
      usage(16, 363, 379),
    ),
    kept: { service_tier: "default", system_fingerprint: "fp_de604bd877" },
    keptInMessage: { annotations: [], refusal: null },
  },
  "openai/text-raw-2025.json": {
    summary: text(
      "chatcmpl-B5Ybe7M1V7N9aqQtrjTGfSWGebrrb",
      "gpt-3.5-turbo-0125",
      "to two.",
      "stop",
      usage(19, 4, 23),
    ),
    kept: { service_tier: "default", system_fingerprint: null },
  },
  "openai/text.json": {
    summary: text(
      "chatcmpl-ABfvaueLEMLNYbT8YzpJxsmiQ6HSY",
      "gpt-4o-2024-08-06",
      expect.stringMatching(/^I'm unable to provide real-time weather updates\./),
      "stop",
      usage(14, 37, 51),
    ),
    kept: { system_fingerprint: "fp_b40fb1c6fb" },
  },
  "sambanova/text-usage-timings.json": {
    summary: text(
      "4775a55a-47f9-4f95-80b1-40cf0fea22dd",
      "Meta-Llama-3.1-8B-Instruct",
      "two.",
      "stop",
      usage(46, 2, 48),
    ),
    kept: { system_fingerprint: "fastcoe" },
  },
  "together/text-eos-seed.json": {
    summary: {
      ...text(
        "8ff411e54b88f1a4",
        "meta-llama/Llama-3.3-70B-Instruct-Turbo",
        "one plus one is equal to two.",
        "eos",
        usage(46, 9, 55),
      ),
      tool_calls: [],
    },
    kept: { prompt: [] },
  },
  "xai/tool-call-with-reasoning.json": {
    summary: {
      ...text("61c0468b-2a98-413e-f654-dbffcdbb62c1", "grok-3-mini", "", "tool_calls", usage(291, 26, 506)),
      tool_calls: [
        {
          id: "call_93562515",
          function: { name: "weather", arguments: '{"location":"San Francisco"}' },
          type: "function",
        },
      ],
    },
    keptInMessage: {
      reasoning_content: expect.stringMatching(
        /^First, the user is asking about the weather in San Francisco\./,
      ),
      refusal: null,
    },
  },
};

/** Serves one recorded body, exactly as recorded, and sends a request to it with a fake clock. */
async function replay(file: string, headers: Record<string, string> = {}) {
  const body = readFileSync(new URL(file, responsesDir), "utf8");
  let now = 10_000;
  const scope = nock(apiOrigin)
    .post("/v1/chat/completions")
    .reply(() => {
      now += 137;
      return [200, body, { "content-type": "application/json", ...headers }];
    });
  const client = testClient(withClock(() => now));
  const result = await client.chatCompletion(newChatCompletionRequest("any-model", [newUserMessage("Hi")]));
  expect(scope.isDone()).toBe(true);
  return { body, result };
}

describe("every recorded response replays to Ok", () => {
  test("the table below covers every recorded response", () => {
    expect(successFiles.length).toBeGreaterThan(0);
    expect(successFiles).toStrictEqual(Object.keys(expected).sort());
  });

  test.each(successFiles)("%s", async (file) => {
    const { body, result } = await replay(file);
    const response = result._unsafeUnwrap();
    const want = expected[file];
    expect(summary(response)).toStrictEqual(want?.summary);
    for (const [key, value] of Object.entries(want?.kept ?? {})) expect(response[key]).toStrictEqual(value);
    for (const [key, value] of Object.entries(want?.keptInMessage ?? {})) {
      expect(assistantMessage(response)?.[key]).toStrictEqual(value);
    }
    // Wire shapes stay wire shapes: the body as sent, every field kept, plus what chatwire measured.
    const { latencyMs, attempts, timing, ...wire } = response;
    expect(wire).toStrictEqual(JSON.parse(body));
    expect(latencyMs).toBe(137);
    expect(timing).toMatchObject({ headersLatencyMs: 137, totalLatencyMs: 137, attempts });
    expect("requestId" in response).toBe(false);
  });
});

describe("finish reasons are kept as sent", () => {
  test("Together's `eos`", async () => {
    const { result } = await replay("together/text-eos-seed.json");
    expect(result._unsafeUnwrap().choices.map((choice) => choice.finish_reason)).toStrictEqual(["eos"]);
  });

  test("every choice of an n=3 answer", async () => {
    const { result } = await replay("openai/n3-multiple-choices.json");
    expect(
      result._unsafeUnwrap().choices.map((choice) => [choice.index, choice.finish_reason]),
    ).toStrictEqual([
      [0, "stop"],
      [1, "stop"],
      [2, "stop"],
    ]);
  });
});
