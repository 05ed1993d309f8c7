// The runtime smoke test: with a chatwire module (the built ESM package), a plain call, a stream, an
// abort and an error against the loopback server of spec/runtimes/loopback-server.ts. Plain TypeScript
// with no Node import, so that Bun, Deno (through smoke-main.ts) and a browser (transpiled) all run it.

type Chatwire = typeof import("../../lib/index.ts");

/** What one runtime saw; the spec compares it with what the recordings hold. */
export interface SmokeReport {
  readonly plain: unknown;
  readonly stream: unknown;
  readonly abort: unknown;
  readonly error: unknown;
  readonly invalid: unknown;
}

/** Runs the four calls with the given chatwire module against the server at `baseUrl`. */
export async function smoke(chatwire: Chatwire, baseUrl: string): Promise<SmokeReport> {
  const { newClient, newChatCompletionRequest, newChatCompletionStreamRequest, newUserMessage } = chatwire;
  const client = newClient(chatwire.withBaseUrl(baseUrl), chatwire.withApiKey("sk-smoke"));
  const hello = [newUserMessage("What is the capital of France?")];

  const plain = (await client.chatCompletion(newChatCompletionRequest("tiny-qwen2", hello))).match(
    (response) => ({
      content: chatwire.assistantText(response),
      usage: response.usage?.total_tokens,
      hasLatency: typeof response.latencyMs === "number" && response.latencyMs > 0,
    }),
    (error) => ({ error: error.message }),
  );

  const opened = await client.chatCompletionStream(
    newChatCompletionStreamRequest("tiny-qwen2", hello, chatwire.withStreamUsage()),
  );
  const stream = opened.isErr()
    ? { error: opened.error.message }
    : await (async () => {
        let content = "";
        let chunks = 0;
        const lastFlags: number[] = [];
        let usage: number | undefined;
        let hasLatencies = true;
        for await (const chunk of opened.value) {
          if (chunk.isLastChunk) lastFlags.push(chunks);
          chunks += 1;
          const delta = chatwire.deltaMessage(chunk)?.content;
          if (typeof delta === "string") content += delta;
          if (chunk.usage) usage = chunk.usage.total_tokens;
          hasLatencies &&= chunk.totalLatencyMs > 0 && chunk.chunkLatencyMs >= 0;
        }
        return { content, chunks, lastFlags, usage, hasLatencies };
      })();

  // The server sends the headers and one chunk for model "hang", then nothing: abort after that chunk.
  const controller = new AbortController();
  const hanging = await client.chatCompletionStream(newChatCompletionStreamRequest("hang", hello), {
    signal: controller.signal,
  });
  const abort = hanging.isErr()
    ? { error: hanging.error.message }
    : await (async () => {
        const seen: { role?: unknown; error?: string; isLastChunk: boolean }[] = [];
        for await (const chunk of hanging.value) {
          seen.push(
            chunk.error === undefined
              ? { role: chatwire.deltaMessage(chunk)?.role, isLastChunk: chunk.isLastChunk }
              : { error: chunk.error.kind, isLastChunk: chunk.isLastChunk },
          );
          if (seen.length === 1) controller.abort();
        }
        return seen;
      })();

  const error = (
    await client.chatCompletion(
      newChatCompletionRequest("tiny-qwen2", [newUserMessage("hello ".repeat(6000))]),
    )
  ).match(
    () => "answered",
    (failure) =>
      failure.kind === "http"
        ? { kind: failure.kind, status: failure.status, type: failure.type, retryable: failure.retryable }
        : { kind: failure.kind, message: failure.message },
  );

  const invalid = (
    await client.chatCompletion(newChatCompletionRequest("tiny-qwen2", hello, chatwire.withTemperature(3)))
  ).match(
    () => "answered",
    (failure) => ({
      kind: failure.kind,
      field: failure.kind === "invalid_request" ? failure.field : undefined,
    }),
  );

  return { plain, stream, abort, error, invalid };
}
