import type { ResultAsync } from "neverthrow";
import type { ChatwireError, Client, ClientOption } from "../../../lib/index.ts";
import type { ChatCompletionRequest } from "../../../lib/request/chat-completion-request.ts";
import type { ChatCompletionStream } from "../../../lib/streaming/chunk-types.ts";
import { type BenchClient, benchPrompt, NotAvailableError } from "./bench-client.ts";

/** The streaming member as issue 3 specifies it; typed here so the adapter builds before it lands. */
type StreamingClient = Client & {
  readonly chatCompletionStream?: (
    request: ChatCompletionRequest,
    options?: { readonly signal?: AbortSignal },
  ) => ResultAsync<ChatCompletionStream, ChatwireError>;
};

type Chatwire = typeof import("../../../lib/index.ts");

/**
 * Where the built package is: the bench measures what users install, not the TypeScript sources, and on
 * Node that is the `node` export (node:http).
 */
export const chatwireDistUrl: URL = new URL("../../../dist/node/index.js", import.meta.url);

/**
 * The build a bundler targeting browsers, workers or a neutral platform resolves (the `default` export):
 * the one the bundle sizes are taken of.
 */
export const chatwireBundledDistUrl: URL = new URL("../../../dist/index.js", import.meta.url);

/** Loads chatwire from `dist/`; `npm run bench` builds it first. */
export async function loadChatwire(): Promise<Chatwire> {
  return (await import(chatwireDistUrl.href)) as Chatwire;
}

/** Whether the built chatwire has `chatCompletionStream` (issue 3). */
export function hasStreaming(chatwire: Chatwire): boolean {
  const client = chatwire.newClient(chatwire.withApiKey("x")) as StreamingClient;
  return typeof client.chatCompletionStream === "function";
}

/** chatwire as its README tells users to call it; `options` come after the base URL and key. */
export function newChatwireClient(
  chatwire: Chatwire,
  baseUrl: string,
  ...options: readonly ClientOption[]
): BenchClient {
  const { newClient, withApiKey, withBaseUrl, newChatCompletionRequest, newUserMessage } = chatwire;
  const client = newClient(withBaseUrl(baseUrl), withApiKey("x"), ...options) as StreamingClient;
  const messages = [newUserMessage(benchPrompt)];

  const complete = async (model: string): Promise<string> => {
    const result = await client.chatCompletion(newChatCompletionRequest(model, messages));
    if (result.isErr()) throw new Error(`chatwire: ${result.error.kind}: ${result.error.message}`);
    const content = result.value.choices[0]?.message.content;
    return typeof content === "string" ? content : "";
  };

  const stream = async (
    model: string,
    onContent: (content: string | undefined) => void,
    signal?: AbortSignal,
  ): Promise<number> => {
    if (typeof client.chatCompletionStream !== "function") {
      throw new NotAvailableError("chatwire has no chatCompletionStream yet (issue 3)");
    }
    const request = chatwire.newChatCompletionStreamRequest(model, messages, chatwire.withStreamUsage());
    const opened = await client.chatCompletionStream(request, signal === undefined ? {} : { signal });
    if (opened.isErr()) throw new Error(`chatwire: ${opened.error.kind}: ${opened.error.message}`);
    let count = 0;
    for await (const chunk of opened.value) {
      if (chunk.error !== undefined) {
        if (signal?.aborted) return count;
        throw new Error(`chatwire stream: ${chunk.error.kind}: ${chunk.error.message}`);
      }
      count++;
      const content = chunk.choices[0]?.delta.content;
      onContent(typeof content === "string" ? content : undefined);
    }
    return count;
  };

  return { complete, stream };
}
