// 02 streaming: print the answer as it arrives, chunk by chunk, with each chunk's latency.
// Run: npm run build && node samples/02-streaming.ts

import {
  deltaText,
  newChatCompletionStreamRequest,
  newClient,
  newUserMessage,
  withMaxTokens,
  withSeed,
} from "chatwire";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["02-streaming-chat"]);
const client = newClient(...setup.clientOptions);

const request = newChatCompletionStreamRequest(
  setup.model,
  [newUserMessage("Write a short story.")],
  withMaxTokens(64),
  withSeed(2),
);

// `Ok` once the response headers arrived; the stream itself never throws and ends with one chunk
// marked `isLastChunk` (carrying `error` when the stream failed).
const opened = await client.chatCompletionStream(request);
if (opened.isErr()) {
  console.error(`${opened.error.kind}: ${opened.error.message}`);
  process.exit(1);
}

let chunks = 0;
let text = "";
let finishReason: string | null | undefined;
for await (const chunk of opened.value) {
  if (chunk.error !== undefined) {
    console.error(`\nthe stream failed: ${chunk.error.kind}: ${chunk.error.message}`);
    process.exitCode = 1;
    break;
  }
  chunks += 1;
  if (chunks === 1) console.log(`first chunk after ${chunk.chunkLatencyMs.toFixed(1)} ms:`);
  finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  const content = deltaText(chunk);
  text += content;
  process.stdout.write(content);
  if (chunk.isLastChunk) console.log(`\n\nlast chunk after ${chunk.totalLatencyMs.toFixed(1)} ms`);
}
console.log(`${chunks} chunks, ${text.length} characters, finish reason: ${finishReason}`);
await setup.finish();
