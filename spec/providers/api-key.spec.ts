import nock from "nock";
import { afterEach, describe, expect, test } from "vitest";
import {
  defaultClientConfig,
  groq,
  llamaCpp,
  mistral,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  ollama,
  openai,
  vllm,
  withApiKey,
  withBaseUrl,
  withMaxRetries,
  withProvider,
} from "../../lib/index.ts";
import { okAnswer } from "./support/capture.ts";

const names = ["MISTRAL_API_KEY", "OPENAI_API_KEY", "GROQ_API_KEY", "VLLM_API_KEY", "LLAMA_API_KEY"] as const;
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

  test("OPENAI_API_KEY never goes to another provider: without its own key, a call fails before the network", async () => {
    process.env.OPENAI_API_KEY = "sk-openai-stays-home";
    delete process.env.GROQ_API_KEY;
    const client = newClient(withProvider(groq()), withMaxRetries(0));
    const result = await client.chatCompletion(request);
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "invalid_request", field: "apiKey" });
    expect(result._unsafeUnwrapErr().message).toContain("GROQ_API_KEY");
    expect(result._unsafeUnwrapErr().message).not.toContain("sk-openai-stays-home");
  });
});

describe("a missing key", () => {
  test.each([
    ["the default (OpenAI) client", () => newClient(withMaxRetries(0)), "OPENAI_API_KEY"],
    ["a Mistral client", () => newClient(withProvider(mistral()), withMaxRetries(0)), "MISTRAL_API_KEY"],
    ["an OpenAI client", () => newClient(withProvider(openai()), withMaxRetries(0)), "OPENAI_API_KEY"],
  ])("fails every call of %s at once, naming %s", async (_name, makeClient, variable) => {
    for (const name of names) delete process.env[name];
    const client = makeClient();
    // nock lets no request out: a call that reached the network would fail as `network`, not as this.
    const chat = await client.chatCompletion(request);
    const stream = await client.chatCompletionStream(request);
    const models = await client.listModels();
    for (const result of [chat, stream, models]) {
      expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "invalid_request", field: "apiKey" });
      expect(result._unsafeUnwrapErr().message).toContain(variable);
    }
  });

  test.each([
    ["a bare base URL", () => newClient(withBaseUrl("http://127.0.0.1:8080/v1"), withMaxRetries(0))],
    [
      "a local vLLM server",
      () => newClient(withProvider(vllm({ baseUrl: "http://127.0.0.1:8000/v1" })), withMaxRetries(0)),
    ],
    [
      "a local llama.cpp server",
      () => newClient(withProvider(llamaCpp({ baseUrl: "http://127.0.0.1:8080/v1" })), withMaxRetries(0)),
    ],
    ["Ollama", () => newClient(withProvider(ollama()), withMaxRetries(0))],
  ])("is fine for %s: the request is sent without a key", async (_name, makeClient) => {
    delete process.env.VLLM_API_KEY;
    delete process.env.LLAMA_API_KEY;
    const client = makeClient();
    const scope = nock(/127\.0\.0\.1|localhost/, { badheaders: ["authorization"] })
      .post(/chat\/completions$/)
      .reply(200, okAnswer);
    expect((await client.chatCompletion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });
});
