// 08 a latency meter: time to first chunk, inter-chunk median and p99, tokens per second, and a text
// histogram of the gaps between chunks, from the arrival times chatwire stamps on every chunk.
// Run: npm run build && node samples/08-latency-meter.ts

import {
  type CompletionChunk,
  newChatCompletionStreamRequest,
  newClient,
  newUserMessage,
  streamTiming,
  withMaxTokens,
  withSeed,
  withStreamUsage,
} from "chatwire";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["02-streaming-chat", "04-streaming-with-usage"]);
const client = newClient(...setup.clientOptions);

const prompts = [
  newChatCompletionStreamRequest(
    setup.model,
    [newUserMessage("Write a short story.")],
    withMaxTokens(64),
    withSeed(2),
  ),
  newChatCompletionStreamRequest(
    setup.model,
    [newUserMessage("Count to 5")],
    withMaxTokens(32),
    withStreamUsage(),
    withSeed(5),
  ),
];

const ms = (value: number): string => `${value.toFixed(2)} ms`;

/** Draws one bar per bucket of gaps; the longest bar is 40 characters. */
function histogram(gapsMs: readonly number[]): string[] {
  const edges = [0, 0.5, 1, 1.5, 2, 2.5, 3, 5, 10, 25, 50];
  const counts = edges.map(
    (low, index) => gapsMs.filter((gap) => gap >= low && gap < (edges[index + 1] ?? Infinity)).length,
  );
  const most = Math.max(1, ...counts);
  return edges.map((low, index) => {
    const high = edges[index + 1];
    const label = high === undefined ? `≥ ${low}` : `${low}–${high}`;
    const count = counts[index] ?? 0;
    return `  ${label.padStart(8)} ms │${"█".repeat(Math.round((count / most) * 40))} ${count}`;
  });
}

const allGapsMs: number[] = [];
for (const [index, request] of prompts.entries()) {
  const opened = await client.chatCompletionStream(request);
  if (opened.isErr()) {
    console.error(`${opened.error.kind}: ${opened.error.message}`);
    process.exit(1);
  }
  const chunks: CompletionChunk[] = [];
  for await (const chunk of opened.value) {
    if (chunk.error !== undefined) {
      console.error(`the stream failed: ${chunk.error.kind}: ${chunk.error.message}`);
      process.exit(1);
    }
    chunks.push(chunk);
  }
  // chunkLatencyMs: the gap between this chunk's arrival and the previous one's (the first chunk's is
  // the time to first chunk). Chunks that arrived in the same network read share an arrival: gap 0.
  allGapsMs.push(...chunks.slice(1).map((chunk) => chunk.chunkLatencyMs));
  // streamTiming sums them up as collectStream would: every figure describes arrival on the client's clock.
  const timing = streamTiming(opened.value, chunks);
  const optional = (value: number | undefined): string => (value === undefined ? "-" : ms(value));
  console.log(`stream ${index + 1}: ${timing.chunkCount} chunks`);
  console.log(`  headers after          ${ms(timing.headersLatencyMs)}`);
  console.log(`  time to first chunk    ${optional(timing.timeToFirstChunkMs)}`);
  console.log(`  time to first token    ${optional(timing.timeToFirstTokenMs)}`);
  console.log(`  inter-chunk median     ${optional(timing.interChunkMedianMs)}`);
  console.log(`  inter-chunk p99        ${optional(timing.interChunkP99Ms)}`);
  console.log(`  inter-chunk max        ${optional(timing.interChunkMaxMs)}`);
  console.log(`  last chunk after       ${ms(timing.totalLatencyMs)}`);
  console.log(
    `  tokens per second      ${timing.outputTokensPerSecond === undefined ? "- (the server sent no usage)" : timing.outputTokensPerSecond.toFixed(0)}`,
  );
  // What the server measured itself (llama.cpp sends `timings`), when it says.
  const server = timing.server;
  if (server?.outputTokensPerSecond !== undefined) {
    console.log(
      `  server-side decoding   ${server.outputTokensPerSecond.toFixed(0)} tokens/s (${server.format}), prompt ${optional(server.promptMs)}`,
    );
  }
}

console.log(`inter-chunk gaps of both streams (${allGapsMs.length}):`);
for (const line of histogram(allGapsMs)) console.log(line);
await setup.finish();
