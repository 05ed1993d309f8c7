import type { Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";

/** The endpoint a body is sent to: chat completions or text completions. */
export type ProviderEndpoint = "chat" | "completions";

/** A JSON body as sent, before serialisation. */
export type WireBody = Readonly<Record<string, unknown>>;

/**
 * A provider's request mapping: renames the fields it names differently, drops the ones it must not get,
 * or refuses, as `invalid_request` naming the field, a field the server is known to reject.
 */
export type BodyMapping = (
  body: WireBody,
  endpoint: ProviderEndpoint,
) => Result<WireBody, InvalidRequestError>;

/** Where a provider serves each endpoint, relative to its base URL. */
export interface ProviderPaths {
  /** The chat completions path for a model. @default `chat/completions` */
  readonly chat?: (model: string) => string;
  /** The text completions path for a model, or `false` when the provider has none. @default `completions` */
  readonly completions?: ((model: string) => string) | false;
  /** The model list path. @default `models` */
  readonly models?: string;
}

/**
 * A provider preset: plain data (base URL, how the key is sent, where it comes from, headers, paths) plus
 * at most a small body mapping. Create one with a preset function (`openai()`, `mistral()`, `vllm()`...)
 * and apply it with `withProvider`.
 */
export interface ProviderPreset {
  /** A short name, used in messages: `mistral`. */
  readonly name: string;
  /** The API root, version path included. */
  readonly baseUrl: string;
  /**
   * The environment variable the API key is read from when `newClient` is called and no `withApiKey` was
   * given; `undefined` for servers that need no key (the environment is then not read at all).
   */
  readonly apiKeyEnv: string | undefined;
  /**
   * Whether calls need a key: hosted APIs do, so a client with none fails at once with `invalid_request`
   * naming `apiKeyEnv`, before any network call. Local servers (llama.cpp, vLLM, Ollama...) accept a key but
   * run without one. @default false
   */
  readonly isApiKeyRequired?: boolean;
  /** The header that carries the key as is (Azure: `api-key`); unset: `Authorization: Bearer <key>`. */
  readonly apiKeyHeader?: string;
  /** Headers sent with every request (attribution headers...). */
  readonly headers: Readonly<Record<string, string>>;
  /** Query parameters sent with every request (Azure: `api-version`). */
  readonly query?: Readonly<Record<string, string>>;
  readonly paths?: ProviderPaths;
  readonly mapBody?: BodyMapping;
}
