import type { ClientOption } from "../../../lib/index.ts";
import { type BenchClient, benchPrompt } from "./bench-client.ts";

type Chatwire = typeof import("../../../lib/index.ts");

/**
 * What Node loads for `import "chatwire"`: the package's own name, resolved through its `exports` map
 * (self-reference), so the bench measures the build users install, whatever `dist/` file the map names.
 */
export const chatwireDistUrl: URL = new URL(import.meta.resolve("chatwire"));

/**
 * The build a bundler targeting browsers, workers or a neutral platform resolves (the `default` export):
 * the one the bundle sizes are taken of.
 */
export const chatwireBundledDistUrl: URL = new URL("../../../dist/index.js", import.meta.url);

/** Loads chatwire from `dist/`; `npm run bench` builds it first. */
export async function loadChatwire(): Promise<Chatwire> {
  return (await import(chatwireDistUrl.href)) as Chatwire;
}

/** chatwire as its README tells users to call it; `options` come after the base URL and key. */
export function newChatwireClient(
  chatwire: Chatwire,
  baseUrl: string,
  ...options: readonly ClientOption[]
): BenchClient {
  const { newClient, withApiKey, withBaseUrl, newChatCompletionRequest, newUserMessage } = chatwire;
  const client = newClient(withBaseUrl(baseUrl), withApiKey("x"), ...options);
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
