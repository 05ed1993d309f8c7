import nock from "nock";
import { afterEach, describe, expect, test } from "vitest";
import {
  defaultClientConfig,
  groq,
  mistral,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withApiKey,
  withMaxRetries,
  withProvider,
} from "../../lib/index.ts";
import { okAnswer } from "./support/capture.ts";

const names = ["MISTRAL_API_KEY", "OPENAI_API_KEY", "GROQ_API_KEY"] as const;
const saved = names.map((name) => [name, process.env[name]] as const);
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const request = newChatCompletionRequest("mistral-small-latest", [newUserMessage("Hi")]);

describe("a preset's key variable", () => {
  test("is read when newClient is called, not when the option is made nor at each call", async () => {
    process.env.MISTRAL_API_KEY = "sk-mistral-at-newclient";
    const option = withProvider(mistral());
    expect(option(defaultClientConfig()).apiKey).toBeUndefined();
    const client = newClient(option, withMaxRetries(0));
    process.env.MISTRAL_API_KEY = "sk-mistral-changed-later";
    const scope = nock("https://api.mistral.ai")
      .post("/v1/chat/completions")
      .matchHeader("authorization", "Bearer sk-mistral-at-newclient")
      .reply(200, okAnswer);
    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  test("withApiKey wins over it", async () => {
    process.env.MISTRAL_API_KEY = "sk-mistral-loses";
    const scope = nock("https://api.mistral.ai")
      .post("/v1/chat/completions")
      .matchHeader("authorization", "Bearer sk-given-explicitly")
      .reply(200, okAnswer);
    const client = newClient(withProvider(mistral()), withApiKey("sk-given-explicitly"), withMaxRetries(0));
    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  test("OPENAI_API_KEY never goes to another provider, even when the provider's own variable is unset", async () => {
    process.env.OPENAI_API_KEY = "sk-openai-stays-home";
    delete process.env.GROQ_API_KEY;
    const scope = nock("https://api.groq.com", { badheaders: ["authorization"] })
      .post("/openai/v1/chat/completions")
      .reply(200, okAnswer);
    const client = newClient(withProvider(groq()), withMaxRetries(0));
    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });
});
