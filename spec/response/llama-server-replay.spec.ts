// Real exchanges with llama.cpp's llama-server (spec/fixtures/recordings/llama-server/): chatwire's builders
// must send the body the recording's client sent, and the recorded answer must come back as Ok or the
// right Err.
import { readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  assistantText,
  type ChatCompletionRequest,
  type ChatwireError,
  type FunctionTool,
  newAssistantMessage,
  newChatCompletionRequest,
  newSystemMessage,
  newToolMessage,
  newUserMessage,
  withExtraBody,
  withMaxTokens,
  withN,
  withResponseJsonSchema,
  withSeed,
  withStop,
  withTemperature,
  withTools,
  withTopP,
} from "../../lib/index.ts";
import { apiOrigin, chatUrl, testClient } from "../client/nock-server.ts";

interface Exchange {
  readonly request: { readonly method: string; readonly path: string; readonly body: string };
  readonly response: {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body: string;
  };
}

function exchange(file: string, index: number): Exchange {
  const recording = JSON.parse(
    readFileSync(new URL(`../fixtures/recordings/llama-server/${file}`, import.meta.url), "utf8"),
  ) as { readonly exchanges: readonly Exchange[] };
  const found = recording.exchanges[index];
  if (found === undefined) throw new Error(`${file} has no exchange ${index}`);
  return found;
}

/** Sends the request to a nock server that answers as llama-server did; gives what was sent and the result. */
async function replay(recorded: Exchange, request: ChatCompletionRequest) {
  let sent: unknown;
  const scope = nock(apiOrigin)
    .post("/v1/chat/completions", (body) => {
      sent = body;
      return true;
    })
    .reply(recorded.response.status, recorded.response.body, recorded.response.headers);
  const result = await testClient().chatCompletion(request);
  expect(scope.isDone()).toBe(true);
  return { sent, result, recordedBody: JSON.parse(recorded.request.body) as Record<string, unknown> };
}

const model = "tiny-qwen2";
const weatherTool: FunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get current weather for a location",
    parameters: {
      type: "object",
      properties: {
        location: { type: "string", description: "City name" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["location"],
    },
  },
};

describe("llama-server recordings, non-streaming", () => {
  test("01 basic chat: temperature, seed, max_tokens; finish_reason length; timings kept", async () => {
    const recorded = exchange("01-basic-chat.json", 0);
    const { sent, result, recordedBody } = await replay(
      recorded,
      newChatCompletionRequest(
        model,
        [newSystemMessage("You are a helpful assistant."), newUserMessage("What is the capital of France?")],
        withMaxTokens(24),
        withTemperature(0.7),
        withSeed(1),
      ),
    );
    expect(sent).toStrictEqual(recordedBody);
    const response = result._unsafeUnwrap();
    expect(response.id).toBe("chatcmpl-IEOOBQmjHw6cq1CxKLVyrCl5L3jBbokx");
    expect(response.model).toBe("/opt/llama/tiny.gguf");
    expect(response.choices[0]?.finish_reason).toBe("length");
    expect(response.usage).toStrictEqual({
      completion_tokens: 24,
      prompt_tokens: 26,
      total_tokens: 50,
      prompt_tokens_details: { cached_tokens: 5 },
    });
    expect(response.timings).toMatchObject({ prompt_n: 21, predicted_n: 24 });
    const { latencyMs: _latencyMs, attempts: _attempts, timing: _timing, ...wire } = response;
    expect(wire).toStrictEqual(JSON.parse(recorded.response.body));
  });

  test("03 multi-turn: the first answer goes back as an assistant message", async () => {
    const first = await replay(
      exchange("03-multi-turn-conversation.json", 0),
      newChatCompletionRequest(
        model,
        [newSystemMessage("You are a math tutor."), newUserMessage("What is 2 + 2?")],
        withMaxTokens(16),
        withSeed(3),
      ),
    );
    expect(first.sent).toStrictEqual(first.recordedBody);
    const answer = assistantText(first.result._unsafeUnwrap());
    expect(answer).toBe('"WindowTitle" לתת dólares"" Tick" datap"untlet"_BOTHPasswords Easter');

    const second = await replay(
      exchange("03-multi-turn-conversation.json", 1),
      newChatCompletionRequest(
        model,
        [
          newSystemMessage("You are a math tutor."),
          newUserMessage("What is 2 + 2?"),
          newAssistantMessage(answer ?? ""),
          newUserMessage("And what is that times 3?"),
        ],
        withMaxTokens(16),
        withSeed(4),
      ),
    );
    expect(second.sent).toStrictEqual(second.recordedBody);
    expect(second.result._unsafeUnwrap().usage).toMatchObject({ prompt_tokens: 61, completion_tokens: 16 });
  });

  test("05 JSON schema: the response format as recorded", async () => {
    const { sent, result, recordedBody } = await replay(
      exchange("05-json-schema.json", 0),
      newChatCompletionRequest(
        model,
        [
          newSystemMessage("Output JSON only."),
          newUserMessage("Name a programming language and its year of creation."),
        ],
        withResponseJsonSchema(
          {
            type: "object",
            properties: { name: { type: "string" }, year: { type: "integer" } },
            required: ["name", "year"],
            additionalProperties: false,
          },
          { name: "language", strict: true },
        ),
        withMaxTokens(200),
        withSeed(6),
      ),
    );
    expect(sent).toStrictEqual(recordedBody);
    const response = result._unsafeUnwrap();
    expect(assistantText(response)).toBe('{\n\n"name":"- Derek Petty","year" :\n4}');
    expect(response.choices[0]?.finish_reason).toBe("stop");
  });

  test("06 tool calling: the call, then the answer after the tool result", async () => {
    const first = await replay(
      exchange("06-tool-calling.json", 0),
      newChatCompletionRequest(
        model,
        [newUserMessage("What's the weather in Paris?")],
        withTools([weatherTool]),
        withMaxTokens(200),
        withSeed(8),
      ),
    );
    // withTools sends tool_choice "auto", as the recording's client did.
    expect(first.sent).toStrictEqual(first.recordedBody);
    const response = first.result._unsafeUnwrap();
    expect(response.choices[0]?.finish_reason).toBe("tool_calls");
    const calls = response.choices[0]?.message.tool_calls ?? [];
    expect(calls).toStrictEqual([
      {
        type: "function",
        function: { name: "get_weather", arguments: '{\n"location" :\n"CMDﻤ进度exact萝FIXME rice_heap"}' },
        id: "1d3Szzajk2iEt3aPEsTFow3QLSNRphLj",
      },
    ]);

    const second = await replay(
      exchange("06-tool-calling.json", 1),
      newChatCompletionRequest(
        model,
        [
          newUserMessage("What's the weather in Paris?"),
          newAssistantMessage(
            null,
            calls.map((call) => ({ type: "function", function: call.function, id: call.id })),
          ),
          newToolMessage(calls[0]?.id ?? "", '{"temperature": 22, "condition": "sunny"}'),
        ],
        withTools([weatherTool]),
        withMaxTokens(24),
        withSeed(9),
      ),
    );
    // The recording's client left tool_choice out here; chatwire says "auto", the same thing made explicit.
    expect(second.sent).toStrictEqual({ ...second.recordedBody, tool_choice: "auto" });
    expect(second.result._unsafeUnwrap().choices[0]?.finish_reason).toBe("length");
  });

  test("07 advanced sampling: vendor fields through withExtraBody, stop list, n = 2", async () => {
    const first = await replay(
      exchange("07-advanced-sampling.json", 0),
      newChatCompletionRequest(
        model,
        [newUserMessage("Tell me a story about a dragon.")],
        withMaxTokens(48),
        withTemperature(0.7),
        withTopP(0.9),
        withExtraBody({ top_k: 40, repetition_penalty: 1.1 }),
        withStop([".", "\n"]),
        withSeed(11),
      ),
    );
    expect(first.sent).toStrictEqual(first.recordedBody);
    expect(assistantText(first.result._unsafeUnwrap())).toBe('"');

    const second = await replay(
      exchange("07-advanced-sampling.json", 1),
      newChatCompletionRequest(
        model,
        [newUserMessage("Give me a creative name")],
        withMaxTokens(12),
        withN(2),
        withTemperature(0.9),
        withSeed(12),
      ),
    );
    expect(second.sent).toStrictEqual(second.recordedBody);
    const response = second.result._unsafeUnwrap();
    expect(response.choices.map((choice) => [choice.index, choice.finish_reason])).toStrictEqual([
      [0, "length"],
      [1, "length"],
    ]);
  });

  test("08 context overflow: an http error with llama-server's own message, type and numeric code", async () => {
    const recorded = exchange("08-context-overflow-error.json", 0);
    const prompt = (JSON.parse(recorded.request.body) as { messages: { content: string }[] }).messages[0]
      ?.content;
    const { sent, result, recordedBody } = await replay(
      recorded,
      newChatCompletionRequest(model, [newUserMessage(prompt ?? "")], withMaxTokens(8)),
    );
    expect(sent).toStrictEqual(recordedBody);
    const error: ChatwireError = result._unsafeUnwrapErr();
    const serverMessage =
      "request (6030 tokens) exceeds the available context size (4096 tokens), try increasing it";
    expect(error).toStrictEqual({
      kind: "http",
      message: `POST ${chatUrl} → 400: ${serverMessage}`,
      status: 400,
      serverMessage,
      type: "exceed_context_size_error",
      code: 400,
      bodySnippet: recorded.response.body,
      body: recorded.response.body,
      retryable: false,
      attempts: [expect.objectContaining({ status: 400 })],
    });
  });
});
