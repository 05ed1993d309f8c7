// 04 streaming with usage: ask the server for token counts at the end of the stream.
// Run: npm run build && node samples/04-streaming-with-usage.ts

import {
  deltaText,
  newChatCompletionStreamRequest,
  newClient,
  newUserMessage,
  type Usage,
  withMaxTokens,
  withSeed,
  withStreamUsage,
} from "chatwire";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["04-streaming-with-usage"]);
const client = newClient(...setup.clientOptions);

// withStreamUsage() sends `stream_options: { include_usage: true }`: the usage arrives on a last chunk
// whose `choices` is empty (some servers put it on the finish chunk, or on every chunk as a running total).
const request = newChatCompletionStreamRequest(
  setup.model,
  [newUserMessage("Count to 5")],
  withMaxTokens(32),
  withStreamUsage(),
  withSeed(5),
);

const opened = await client.chatCompletionStream(request);
if (opened.isErr()) {
  console.error(`${opened.error.kind}: ${opened.error.message}`);
  process.exit(1);
}

let usage: Usage | undefined;
let firstChunkMs: number | undefined;
let lastChunkMs = 0;
for await (const chunk of opened.value) {
  if (chunk.error !== undefined) {
    console.error(`\nthe stream failed: ${chunk.error.kind}: ${chunk.error.message}`);
    process.exit(1);
  }
  firstChunkMs ??= chunk.totalLatencyMs;
  lastChunkMs = chunk.totalLatencyMs;
  process.stdout.write(deltaText(chunk));
  if (chunk.usage) usage = chunk.usage;
}
console.log("\n");
if (usage === undefined) {
  console.log("the server sent no usage");
} else {
  const seconds = (lastChunkMs - (firstChunkMs ?? 0)) / 1000;
  console.log(
    `usage: ${usage.prompt_tokens} prompt tokens, ${usage.completion_tokens} completion tokens, ${usage.total_tokens} total`,
  );
  if (seconds > 0)
    console.log(`about ${(usage.completion_tokens / seconds).toFixed(0)} tokens/s after the first chunk`);
}
await setup.finish();
