// The presets under test, as data: where each one sends a request, how it sends the key, and which of
// our recorded fixtures (spec/fixtures, see PROVENANCE.md) come from that provider.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  anthropic,
  azureOpenAi,
  deepseek,
  fireworks,
  gemini,
  groq,
  llamaCpp,
  lmStudio,
  mistral,
  ollama,
  openai,
  openRouter,
  type ProviderPreset,
  tensorRtLlm,
  together,
  vllm,
  xai,
} from "../../../lib/index.ts";

const fixturesRoot = join(import.meta.dirname, "..", "..", "fixtures");

/** The text of a fixture file, relative to spec/fixtures. */
export function fixtureText(path: string): string {
  return readFileSync(join(fixturesRoot, path), "utf8");
}

interface RecordedExchange {
  readonly request: { readonly body: string };
  readonly response: { readonly status: number; readonly body: string };
}

/** One exchange of a llama-server recording (spec/fixtures/recordings/llama-server). */
export function llamaServerExchange(file: string, index: number): RecordedExchange {
  const recording = JSON.parse(fixtureText(`recordings/llama-server/${file}`)) as {
    readonly exchanges: readonly RecordedExchange[];
  };
  const exchange = recording.exchanges[index];
  if (exchange === undefined) throw new Error(`no exchange ${index} in ${file}`);
  return exchange;
}

/** One preset and what it must send. */
export interface PresetCase {
  readonly name: string;
  readonly preset: () => ProviderPreset;
  /** The variable the key is read from; `undefined`: none is read. */
  readonly env: string | undefined;
  readonly origin: string;
  /** The path of a chat completion for `model`. */
  readonly chatPath: string;
  /** The path of the model list. */
  readonly modelsPath: string;
  readonly query?: Readonly<Record<string, string>>;
  /** How the key travels: a bearer token, or Azure's `api-key` header. */
  readonly keyHeader: "authorization" | "api-key";
  /** The preset's own headers, as sent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly model: string;
  /** A recorded non-streaming answer of this provider (text), when we have one. */
  readonly response?: () => string;
  /** A recorded stream of this provider (SSE text), when we have one. */
  readonly stream?: () => string;
}

export const presetCases: readonly PresetCase[] = [
  {
    name: "openai",
    preset: () => openai({ organization: "org-acme", project: "proj_42" }),
    env: "OPENAI_API_KEY",
    origin: "https://api.openai.com",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: { "openai-organization": "org-acme", "openai-project": "proj_42" },
    model: "gpt-4.1-nano",
    response: () => fixtureText("responses/openai/text.json"),
    stream: () => fixtureText("streams/openai/text-with-usage.sse"),
  },
  {
    name: "azure-openai",
    preset: () => azureOpenAi({ endpoint: "https://acme.openai.azure.com/" }),
    env: "AZURE_OPENAI_API_KEY",
    origin: "https://acme.openai.azure.com",
    chatPath: "/openai/deployments/gpt-4o-prod/chat/completions",
    modelsPath: "/openai/models",
    query: { "api-version": "2024-10-21" },
    keyHeader: "api-key",
    headers: {},
    model: "gpt-4o-prod",
    stream: () => fixtureText("streams/azure-openai/model-router-prompt-filter-first.sse"),
  },
  {
    name: "mistral",
    preset: mistral,
    env: "MISTRAL_API_KEY",
    origin: "https://api.mistral.ai",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "mistral-small-latest",
    response: () => fixtureText("responses/mistral/tool-call.json"),
    stream: () => fixtureText("streams/mistral/text.sse"),
  },
  {
    name: "groq",
    preset: groq,
    env: "GROQ_API_KEY",
    origin: "https://api.groq.com",
    chatPath: "/openai/v1/chat/completions",
    modelsPath: "/openai/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "llama-3.3-70b-versatile",
    response: () => fixtureText("responses/groq/tool-call.json"),
    stream: () => fixtureText("streams/groq/text.sse"),
  },
  {
    name: "together",
    preset: together,
    env: "TOGETHER_API_KEY",
    origin: "https://api.together.xyz",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    response: () => fixtureText("responses/together/text-eos-seed.json"),
    stream: () => fixtureText("streams/together/text-token-id-eos.sse"),
  },
  {
    name: "fireworks",
    preset: fireworks,
    env: "FIREWORKS_API_KEY",
    origin: "https://api.fireworks.ai",
    chatPath: "/inference/v1/chat/completions",
    modelsPath: "/inference/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "accounts/fireworks/models/deepseek-r1",
    stream: () => fixtureText("streams/fireworks/deepseek-r1-think-tags-in-content.sse"),
  },
  {
    name: "deepseek",
    preset: deepseek,
    env: "DEEPSEEK_API_KEY",
    origin: "https://api.deepseek.com",
    chatPath: "/chat/completions",
    modelsPath: "/models",
    keyHeader: "authorization",
    headers: {},
    model: "deepseek-reasoner",
    response: () => fixtureText("responses/deepseek/json-mode-with-reasoning.json"),
    stream: () => fixtureText("streams/deepseek/reasoning-content.sse"),
  },
  {
    name: "openrouter",
    preset: () => openRouter({ appUrl: "https://example.com/app", appTitle: "Example App" }),
    env: "OPENROUTER_API_KEY",
    origin: "https://openrouter.ai",
    chatPath: "/api/v1/chat/completions",
    modelsPath: "/api/v1/models",
    keyHeader: "authorization",
    headers: { "http-referer": "https://example.com/app", "x-title": "Example App" },
    model: "openai/gpt-4o-mini",
    stream: () => fixtureText("streams/openrouter/reasoning-details.sse"),
  },
  {
    name: "xai",
    preset: xai,
    env: "XAI_API_KEY",
    origin: "https://api.x.ai",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "grok-3-mini",
    response: () => fixtureText("responses/xai/tool-call-with-reasoning.json"),
    stream: () => fixtureText("streams/xai/text-with-reasoning.sse"),
  },
  {
    name: "gemini",
    preset: gemini,
    env: "GEMINI_API_KEY",
    origin: "https://generativelanguage.googleapis.com",
    chatPath: "/v1beta/openai/chat/completions",
    modelsPath: "/v1beta/openai/models",
    keyHeader: "authorization",
    headers: {},
    model: "gemini-2.5-flash",
  },
  {
    name: "anthropic",
    preset: anthropic,
    env: "ANTHROPIC_API_KEY",
    origin: "https://api.anthropic.com",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "claude-sonnet-4-5",
    stream: () => fixtureText("streams/anthropic-openai-compat/tool-call-index-1-sanitized.sse"),
  },
  {
    name: "vllm",
    preset: vllm,
    env: "VLLM_API_KEY",
    origin: "http://localhost:8000",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "Qwen/Qwen3-8B",
    stream: () => fixtureText("streams/vllm/crusoe-vllm-0.24-text-usage.sse"),
  },
  {
    name: "tensorrt-llm",
    preset: tensorRtLlm,
    env: undefined,
    origin: "http://localhost:8000",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "TinyLlama-1.1B-Chat-v1.0",
  },
  {
    name: "llama-cpp",
    preset: llamaCpp,
    env: "LLAMA_API_KEY",
    origin: "http://localhost:8080",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "tiny-qwen2",
    response: () => llamaServerExchange("01-basic-chat.json", 0).response.body,
    stream: () => llamaServerExchange("02-streaming-chat.json", 0).response.body,
  },
  {
    name: "ollama",
    preset: ollama,
    env: undefined,
    origin: "http://localhost:11434",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "qwen3:0.6b",
    response: () => fixtureText("responses/ollama/json-schema-local.json"),
  },
  {
    name: "lm-studio",
    preset: lmStudio,
    env: undefined,
    origin: "http://localhost:1234",
    chatPath: "/v1/chat/completions",
    modelsPath: "/v1/models",
    keyHeader: "authorization",
    headers: {},
    model: "qwen2.5-7b-instruct",
  },
];

/** The content a recorded chat stream adds up to (first choice), straight from its `data:` lines. */
export function streamedContent(sse: string): string {
  let content = "";
  for (const line of sse.split("\n")) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data === "[DONE]" || data === "") continue;
    const chunk = JSON.parse(data) as { choices?: { index?: number; delta?: { content?: unknown } }[] };
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) === 0 && typeof choice.delta?.content === "string")
        content += choice.delta.content;
    }
  }
  return content;
}
