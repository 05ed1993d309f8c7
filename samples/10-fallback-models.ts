// 10 fallback models: a router sends `provider/model` names to configured clients and, when a model
// fails with a retryable error (after its client's own retries), tries the next one in order.
// Here the primary endpoint is down (a loopback port nothing listens on), so the router falls back to the second one: the live server, or the recorded llama.cpp server.
// Run: npm run build && node samples/10-fallback-models.ts

import {
  assistantText,
  deltaText,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newRouter,
  newSystemMessage,
  newUserMessage,
  type RouteAttempt,
  withBaseUrl,
  withFallbackModels,
  withMaxRetries,
  withMaxTokens,
  withRoute,
  withSeed,
  withTemperature,
} from "chatwire";
import { downEndpointUrl, newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["01-basic-chat", "02-streaming-chat"]);

const router = newRouter(
  // withMaxRetries(0): a dead endpoint fails at once and the router moves on to the fallback.
  withRoute("primary", newClient(withBaseUrl(await downEndpointUrl()), withMaxRetries(0))),
  withRoute("backup", newClient(...setup.clientOptions)),
);

const describeAttempt = (attempt: RouteAttempt): string =>
  `${attempt.provider}/${attempt.model}: ${attempt.error === undefined ? "answered" : `${attempt.error.kind} (${attempt.error.message})`} after ${attempt.latencyMs.toFixed(1)} ms`;

// A plain call: `primary/…` first, then `backup/…`.
const answered = await router.chatCompletion(
  newChatCompletionRequest(
    `primary/${setup.model}`,
    [newSystemMessage("You are a helpful assistant."), newUserMessage("What is the capital of France?")],
    withFallbackModels(`backup/${setup.model}`),
    withMaxTokens(24),
    withTemperature(0.7),
    withSeed(1),
  ),
);
answered.match(
  (response) => {
    console.log(`answered by ${response.route.provider}/${response.route.model}`);
    for (const attempt of response.routeAttempts) console.log(`  ${describeAttempt(attempt)}`);
    console.log(`  answer: ${JSON.stringify(assistantText(response))}`);
  },
  (error) => {
    console.error(`every model failed: ${error.message}`);
    for (const attempt of error.routeAttempts) console.error(`  ${describeAttempt(attempt)}`);
    process.exitCode = 1;
  },
);

// A stream falls back the same way as long as no content has arrived; once content has been handed
// over it is never replayed from another model.
const streamed = await router.chatCompletionStream(
  newChatCompletionStreamRequest(
    `primary/${setup.model}`,
    [newUserMessage("Write a short story.")],
    withFallbackModels(`backup/${setup.model}`),
    withMaxTokens(64),
    withSeed(2),
  ),
);
if (streamed.isErr()) {
  console.error(`every model failed: ${streamed.error.message}`);
  process.exit(1);
}
console.log(`streaming from ${streamed.value.route.provider}/${streamed.value.route.model}`);
for (const attempt of streamed.value.routeAttempts) console.log(`  ${describeAttempt(attempt)}`);
let characters = 0;
for await (const chunk of streamed.value) {
  if (chunk.error !== undefined) {
    console.error(`the stream failed: ${chunk.error.message}`);
    process.exitCode = 1;
  }
  characters += deltaText(chunk).length;
}
console.log(`  ${characters} characters streamed`);
await setup.finish();
