// 06 tool calling: offer a typed tool, run the model's calls, send the results back, get the answer.
// Run: npm run build && node samples/06-tool-calling.ts

import {
  assistantText,
  collectStream,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newFunctionTool,
  newToolMessage,
  newUserMessage,
  parseToolCall,
  runTools,
  withMaxTokens,
  withSeed,
  withStreamUsage,
  withToolChoice,
  withTools,
} from "chatwire";
import * as v from "valibot";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["06-tool-calling"]);
const client = newClient(...setup.clientOptions);

// One schema gives the JSON Schema sent to the model and the type of the handler's arguments.
const getWeather = newFunctionTool({
  name: "get_weather",
  description: "Get current weather for a location",
  parameters: v.object({
    location: v.pipe(v.string(), v.description("City name")),
    unit: v.optional(v.picklist(["celsius", "fahrenheit"])),
  }),
});
const question = [newUserMessage("What's the weather in Paris?")];

// 1. runTools: call the model, run the handler of each tool call (arguments parsed and checked), send
// the results back as tool messages, and repeat until the model answers without calling a tool.
const run = await runTools(
  client,
  newChatCompletionRequest(setup.model, question, withTools([getWeather]), withMaxTokens(200), withSeed(8)),
  {
    get_weather: ({ location, unit }) => {
      console.log(`  get_weather called: location ${JSON.stringify(location)}, unit ${unit ?? "(default)"}`);
      return { temperature: 22, condition: "sunny" };
    },
  },
  { tools: [getWeather], maxSteps: 3 },
);
run.match(
  ({ response, messages, steps }) => {
    for (const [index, step] of steps.entries()) {
      const calls = step.toolResults.map(
        (result) => `${result.toolCall.function.name} → ${result.message.content}`,
      );
      console.log(
        `step ${index + 1}: model ${step.latencyMs.toFixed(1)} ms, tools: ${calls.length > 0 ? calls.join("; ") : "none"}`,
      );
    }
    console.log(`final answer: ${JSON.stringify(assistantText(response))}`);
    console.log(`transcript: ${messages.map((message) => message.role).join(" → ")}`);
  },
  (error) => {
    console.error(`${error.kind}: ${error.message}`);
    process.exitCode = 1;
  },
);

// 2. The explicit way, streamed: force a call (`required`), let collectStream assemble the arguments
// streamed in pieces, parse them with the tool's schema, and build the tool message that answers it.
const collected = await client
  .chatCompletionStream(
    newChatCompletionStreamRequest(
      setup.model,
      question,
      withTools([getWeather]),
      withToolChoice("required"),
      withMaxTokens(200),
      withStreamUsage(),
      withSeed(10),
    ),
  )
  .andThen(collectStream);
if (collected.isErr()) {
  console.error(`${collected.error.kind}: ${collected.error.message}`);
  process.exit(1);
}
console.log(`streamed: ${collected.value.timing.chunkCount} chunks`);
for (const toolCall of collected.value.choices[0]?.message.tool_calls ?? []) {
  parseToolCall(toolCall, getWeather).match(
    ({ name, id, args }) => {
      console.log(`forced call: ${name}(${JSON.stringify(args)})`);
      const reply = newToolMessage(id, JSON.stringify({ temperature: 22, condition: "sunny" }));
      console.log(`tool message to send back: ${JSON.stringify(reply)}`);
    },
    (error) => console.error(`${error.kind}: ${error.message}`),
  );
}
await setup.finish();
