// 05 JSON schema output: one valibot schema drives the request, the check of the answer and its type.
// Run: npm run build && node samples/05-json-schema.ts

import {
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newSystemMessage,
  newUserMessage,
  parseOutput,
  streamOutput,
  withMaxTokens,
  withResponseJsonSchema,
  withSeed,
  withStreamUsage,
} from "chatwire";
import * as v from "valibot";
import { newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["05-json-schema"]);
const client = newClient(...setup.clientOptions);

const Language = v.strictObject({ name: v.string(), year: v.pipe(v.number(), v.integer()) });
type Language = v.InferOutput<typeof Language>;

const messages = [
  newSystemMessage("Output JSON only."),
  newUserMessage("Name a programming language and its year of creation."),
];
const asLanguage = withResponseJsonSchema(Language, { name: "language", strict: true });

// 1. Ask, then parse: `parseOutput` gives Result<Language, ChatwireError>.
const language = await client
  .chatCompletion(
    newChatCompletionRequest(setup.model, messages, asLanguage, withMaxTokens(200), withSeed(6)),
  )
  .andThen((response) => parseOutput(response, Language));
language.match(
  (value: Language) => console.log(`parsed: name ${JSON.stringify(value.name)}, year ${value.year}`),
  (error) => console.error(`${error.kind}: ${error.message}`),
);

// 2. The same, streamed: partial values as the JSON arrives, then the checked one.
const opened = await client.chatCompletionStream(
  newChatCompletionStreamRequest(
    setup.model,
    messages,
    asLanguage,
    withMaxTokens(200),
    withStreamUsage(),
    withSeed(7),
  ),
);
if (opened.isErr()) {
  console.error(`${opened.error.kind}: ${opened.error.message}`);
  process.exit(1);
}
let partials = 0;
for await (const event of streamOutput(opened.value, Language)) {
  if (event.type === "partial") {
    partials += 1;
    console.log(`  partial ${partials}: ${JSON.stringify(event.partial)}`);
  } else {
    event.result.match(
      (value) => console.log(`streamed and parsed: name ${JSON.stringify(value.name)}, year ${value.year}`),
      (error) => console.error(`${error.kind}: ${error.message}`),
    );
  }
}
if (language.isErr()) process.exitCode = 1;
await setup.finish();
