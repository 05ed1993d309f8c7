// 03 multi-turn conversation: keep the history, send it back with each new question.
// Run: npm run build && node samples/03-multi-turn-conversation.ts

import {
  assistantText,
  type ChatMessage,
  newAssistantMessage,
  newChatCompletionRequest,
  newClient,
  newSystemMessage,
  newUserMessage,
  withMaxTokens,
  withSeed,
} from "chatwire";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["03-multi-turn-conversation"]);
const client = newClient(...setup.clientOptions);

// Messages are plain data: the conversation is an array that grows.
let history: readonly ChatMessage[] = [newSystemMessage("You are a math tutor.")];
const turns = [
  { question: "What is 2 + 2?", seed: 3 },
  { question: "And what is that times 3?", seed: 4 },
];

for (const [index, { question, seed }] of turns.entries()) {
  history = [...history, newUserMessage(question)];
  const request = newChatCompletionRequest(setup.model, history, withMaxTokens(16), withSeed(seed));
  const result = await client.chatCompletion(request);
  if (result.isErr()) {
    console.error(`${result.error.kind}: ${result.error.message}`);
    process.exit(1);
  }
  const answer = assistantText(result.value) ?? "";
  history = [...history, newAssistantMessage(answer)];
  console.log(`turn ${index + 1}`);
  console.log(`  user:      ${question}`);
  console.log(`  assistant: ${JSON.stringify(answer)}`);
  console.log(
    `  ${history.length} messages so far, ${result.value.usage?.prompt_tokens} prompt tokens, ${result.value.latencyMs.toFixed(1)} ms`,
  );
}
await setup.finish();
