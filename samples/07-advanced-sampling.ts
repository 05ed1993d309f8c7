// 07 advanced sampling: top_k, repetition penalty, stop sequences, a seed, several choices.
// Run: npm run build && node samples/07-advanced-sampling.ts

import {
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withMaxTokens,
  withN,
  withRepetitionPenalty,
  withSeed,
  withStop,
  withTemperature,
  withTopK,
  withTopP,
} from "chatwire";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["07-advanced-sampling"]);
const client = newClient(...setup.clientOptions);

// `withTopK` and `withRepetitionPenalty` send vendor fields (`top_k`, `repetition_penalty`) that vLLM,
// llama.cpp and others accept; with `withProvider(openai())` they are refused before sending, as OpenAI
// rejects them. `withStop` ends the answer before the first stop sequence; `withSeed` asks for
// reproducible sampling where the server supports it.
const sampled = newChatCompletionRequest(
  setup.model,
  [newUserMessage("Tell me a story about a dragon.")],
  withMaxTokens(48),
  withTemperature(0.7),
  withTopP(0.9),
  withTopK(40),
  withRepetitionPenalty(1.1),
  withStop([".", "\n"]),
  withSeed(11),
);
console.log(`sent: ${JSON.stringify({ ...sampled.body, messages: undefined })}`);
const first = await client.chatCompletion(sampled);
first.match(
  (response) => {
    const choice = response.choices[0];
    console.log(`answer: ${JSON.stringify(choice?.message.content)}`);
    console.log(`finish reason: ${choice?.finish_reason} (stop: a stop sequence or the model's end)`);
  },
  (error) => console.error(`${error.kind}: ${error.message}`),
);

// `withN(2)`: two independent choices for one prompt.
const two = await client.chatCompletion(
  newChatCompletionRequest(
    setup.model,
    [newUserMessage("Give me a creative name")],
    withMaxTokens(12),
    withN(2),
    withTemperature(0.9),
    withSeed(12),
  ),
);
two.match(
  (response) => {
    for (const choice of response.choices) {
      console.log(
        `choice ${choice.index}: ${JSON.stringify(choice.message.content)} (${choice.finish_reason})`,
      );
    }
  },
  (error) => console.error(`${error.kind}: ${error.message}`),
);
if (first.isErr() || two.isErr()) process.exitCode = 1;
await setup.finish();
