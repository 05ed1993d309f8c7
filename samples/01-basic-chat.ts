// 01 basic chat: one question, one answer, with token usage and latency.
// Run: npm run build && node samples/01-basic-chat.ts (see samples/README.md for the environment)

import {
  assistantText,
  newChatCompletionRequest,
  newClient,
  newSystemMessage,
  newUserMessage,
  withMaxTokens,
  withSeed,
  withTemperature,
} from "chatwire";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["01-basic-chat"]);
const client = newClient(...setup.clientOptions);

const request = newChatCompletionRequest(
  setup.model,
  [newSystemMessage("You are a helpful assistant."), newUserMessage("What is the capital of France?")],
  withMaxTokens(24),
  withTemperature(0.7),
  withSeed(1),
);

const result = await client.chatCompletion(request);
result.match(
  (response) => {
    console.log(`answer: ${JSON.stringify(assistantText(response))}`);
    console.log(`finish reason: ${response.choices[0]?.finish_reason}`);
    const usage = response.usage;
    if (usage) {
      console.log(
        `tokens: ${usage.prompt_tokens} prompt + ${usage.completion_tokens} completion = ${usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens} total`,
      );
    }
    console.log(`latency: ${response.latencyMs.toFixed(1)} ms over ${response.attempts.length} attempt(s)`);
  },
  (error) => {
    console.error(`${error.kind}: ${error.message}`);
    process.exitCode = 1;
  },
);
await setup.finish();
