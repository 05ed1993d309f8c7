import { describe, expect, test } from "vitest";
import {
  newAssistantMessage,
  newAudioPart,
  newChatCompletionRequest,
  newDeveloperMessage,
  newImagePart,
  newSystemMessage,
  newTextPart,
  newToolMessage,
  newUserMessage,
  type ToolCall,
} from "../../lib/index.ts";
import { sentBody } from "../client/nock-server.ts";

const call: ToolCall = {
  id: "call_1",
  type: "function",
  function: { name: "get_weather", arguments: '{"city":"Paris"}' },
};

describe("content parts have the exact wire shape", () => {
  test.each<[string, unknown, unknown]>([
    ["newTextPart", newTextPart("Describe this."), { type: "text", text: "Describe this." }],
    ["newTextPart('')", newTextPart(""), { type: "text", text: "" }],
    [
      "newImagePart(url)",
      newImagePart("https://example.com/cat.png"),
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
    ],
    [
      "newImagePart(url, {})",
      newImagePart("https://example.com/cat.png", {}),
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
    ],
    [
      "newImagePart(data URL, { detail: 'high' })",
      newImagePart("data:image/png;base64,iVBORw0KGgo=", { detail: "high" }),
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "high" } },
    ],
    [
      "newImagePart(url, { detail: 'low' })",
      newImagePart("https://example.com/cat.png", { detail: "low" }),
      { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } },
    ],
    [
      "newAudioPart(data, 'wav')",
      newAudioPart("UklGRiQAAABXQVZF", "wav"),
      { type: "input_audio", input_audio: { data: "UklGRiQAAABXQVZF", format: "wav" } },
    ],
    [
      "newAudioPart(data, 'mp3')",
      newAudioPart("SUQzBAAAAAAA", "mp3"),
      { type: "input_audio", input_audio: { data: "SUQzBAAAAAAA", format: "mp3" } },
    ],
  ])("%s", (_name, part, expected) => {
    expect(part).toStrictEqual(expected);
  });
});

describe("messages have the exact wire shape", () => {
  test.each<[string, unknown, unknown]>([
    ["newSystemMessage", newSystemMessage("Be brief."), { role: "system", content: "Be brief." }],
    [
      "newDeveloperMessage",
      newDeveloperMessage("Use metric."),
      { role: "developer", content: "Use metric." },
    ],
    ["newUserMessage(text)", newUserMessage("Hello!"), { role: "user", content: "Hello!" }],
    ["newUserMessage('')", newUserMessage(""), { role: "user", content: "" }],
    [
      "newUserMessage(parts)",
      newUserMessage([newTextPart("What is this?"), newImagePart("https://example.com/a.png")]),
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: "https://example.com/a.png" } },
        ],
      },
    ],
    ["newAssistantMessage(text)", newAssistantMessage("Hi!"), { role: "assistant", content: "Hi!" }],
    ["newAssistantMessage(null)", newAssistantMessage(null), { role: "assistant", content: null }],
    ["newAssistantMessage(text, [])", newAssistantMessage("Hi!", []), { role: "assistant", content: "Hi!" }],
    [
      "newAssistantMessage(null, toolCalls)",
      newAssistantMessage(null, [call]),
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
        ],
      },
    ],
    [
      "newAssistantMessage(text, toolCalls)",
      newAssistantMessage("Let me check.", [call]),
      {
        role: "assistant",
        content: "Let me check.",
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
        ],
      },
    ],
    [
      "newToolMessage",
      newToolMessage("call_1", '{"celsius":21}'),
      { role: "tool", tool_call_id: "call_1", content: '{"celsius":21}' },
    ],
  ])("%s", (_name, message, expected) => {
    expect(message).toStrictEqual(expected);
  });
});

describe("messages reach the wire as built", () => {
  test("a whole conversation is sent in order, exactly", async () => {
    const body = await sentBody(
      newChatCompletionRequest("gpt-4.1-nano", [
        newSystemMessage("Be brief."),
        newDeveloperMessage("Use metric."),
        newUserMessage([
          newTextPart("Weather here?"),
          newImagePart("https://example.com/sky.png", { detail: "auto" }),
          newAudioPart("UklGRiQAAABXQVZF", "wav"),
        ]),
        newAssistantMessage(null, [call]),
        newToolMessage("call_1", '{"celsius":21}'),
        newAssistantMessage("21 °C."),
      ]),
    );
    expect(body).toStrictEqual({
      model: "gpt-4.1-nano",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: "Use metric." },
        {
          role: "user",
          content: [
            { type: "text", text: "Weather here?" },
            { type: "image_url", image_url: { url: "https://example.com/sky.png", detail: "auto" } },
            { type: "input_audio", input_audio: { data: "UklGRiQAAABXQVZF", format: "wav" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"celsius":21}' },
        { role: "assistant", content: "21 °C." },
      ],
    });
  });
});
