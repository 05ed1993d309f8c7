// 09 result-based error handling: no try/catch. Every call returns a Result; its error is one union,
// ChatwireError, and an exhaustive switch on `kind` handles each case (the compiler checks that none is
// missing). Then a few real failures, one per kind that a plain setup can provoke.
// Run: npm run build && node samples/09-error-handling.ts

import {
  type ChatwireError,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  parseOutput,
  type RequestOption,
  withBaseUrl,
  withMaxRetries,
  withMaxTokens,
  withRetries,
  withSeed,
  withTemperature,
  withTimeout,
} from "chatwire";
import * as v from "valibot";
import { downEndpointUrl, newSampleSetup } from "./support/setup.ts";

const setup = await newSampleSetup(["08-context-overflow-error", "01-basic-chat", "01-basic-chat"]);
const client = newClient(...setup.clientOptions);

/** What to tell the user (or a log), for every kind of error chatwire reports. */
function explain(error: ChatwireError): string {
  switch (error.kind) {
    case "invalid_request":
      return `not sent, fix the request (${error.field}): ${error.message}`;
    case "http":
      return `the server said ${error.status} (${error.type ?? "no type"}): ${error.serverMessage ?? error.bodySnippet}${error.retryable ? ", worth retrying later" : ""}`;
    case "timeout":
      return `the ${error.timeout} timeout of ${error.timeoutMs} ms ran out`;
    case "aborted":
      return "we aborted the call ourselves";
    case "network":
      return `the connection failed (${error.cause ?? "no cause given"}), after ${error.attempts?.length ?? 1} attempt(s)`;
    case "decode":
      return `the server's answer was not readable${error.field === undefined ? "" : ` at ${error.field}`}: ${error.message}`;
    case "output":
      return `the model's output was not usable (${error.reason}${error.path === undefined ? "" : ` at ${error.path}`}): ${error.message}`;
    default: {
      // Every kind is handled above, so `error` is `never` here: a new kind would not compile.
      const unhandled: never = error;
      return unhandled;
    }
  }
}

const ask = (text: string, ...options: RequestOption[]) =>
  newChatCompletionRequest(setup.model, [newUserMessage(text)], ...options);

// 1. invalid_request: caught before any network call.
const outOfRange = await client.chatCompletion(ask("Hello", withTemperature(5)));
console.log(`1. temperature 5    → ${outOfRange.match(() => "answered", explain)}`);

// 2. http: a real llama.cpp 400, a prompt longer than the model's context.
const tooLong = await client.chatCompletion(ask("hello ".repeat(6000), withMaxTokens(8)));
console.log(`2. 36,000-char prompt → ${tooLong.match(() => "answered", explain)}`);

// 3. aborted: the caller's signal fired (here, before the call even started).
const aborted = await client.chatCompletion(ask("Hello"), { signal: AbortSignal.abort() });
console.log(`3. aborted signal   → ${aborted.match(() => "answered", explain)}`);

// 4. timeout: a 1 ms budget for the whole call, without retries.
const late = await client.chatCompletion(
  ask("What is the capital of France?", withTimeout(1), withRetries(0)),
);
console.log(`4. 1 ms timeout     → ${late.match(() => "answered", explain)}`);

// 5. network: nothing listens on that loopback port; no retries, so it fails at once.
const nowhere = newClient(withBaseUrl(await downEndpointUrl()), withMaxRetries(0));
const refused = await nowhere.chatCompletion(ask("Hello"));
console.log(`5. closed port      → ${refused.match(() => "answered", explain)}`);

// 6. output: the model answered, but not with the JSON the schema asks for.
const City = v.object({ city: v.string() });
const parsed = await client
  .chatCompletion(ask("What is the capital of France?", withMaxTokens(24), withTemperature(0.7), withSeed(1)))
  .andThen((response) => parseOutput(response, City));
console.log(`6. parse as City    → ${parsed.match((city) => `parsed ${city.city}`, explain)}`);

// Results compose without exceptions: fall back to a default, or map the error to your own type.
const text = tooLong.map((response) => response.choices[0]?.message.content ?? "").unwrapOr("(no answer)");
console.log(`unwrapOr: ${text}`);
const status = tooLong.mapErr((error) => (error.kind === "http" ? error.status : 0));
console.log(`mapErr to the status: ${status.isErr() ? status.error : "ok"}`);
await setup.finish();
