import { type BenchClient, benchPrompt } from "./bench-client.ts";

interface RawChunk {
  readonly choices: readonly { readonly delta?: { readonly content?: unknown } }[];
}

interface RawAnswer {
  readonly choices: readonly { readonly message: { readonly content: string | null } }[];
}

/**
 * The floor: `fetch`, a hand-rolled SSE line splitter and `JSON.parse`, as a competent engineer writes it
 * inline in an application. It handles LF and CRLF, `data:` with or without a space, comments and
 * `[DONE]`; it does not validate, time or bound anything.
 */
export function newRawClient(baseUrl: string): BenchClient {
  const url = `${baseUrl}/chat/completions`;
  const headers = { "content-type": "application/json", authorization: "Bearer x" };
  const messages = [{ role: "user", content: benchPrompt }];

  const complete = async (model: string): Promise<string> => {
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ model, messages }) });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    const answer = (await response.json()) as RawAnswer;
    return answer.choices[0]?.message.content ?? "";
  };

  const stream = async (
    model: string,
    onContent: (content: string | undefined) => void,
    signal?: AbortSignal,
  ): Promise<number> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...headers, accept: "text/event-stream" },
      body: JSON.stringify({ model, messages, stream: true, stream_options: { include_usage: true } }),
      ...(signal === undefined ? {} : { signal }),
    });
    if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let count = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return count;
      buffer += decoder.decode(value, { stream: true });
      let start = 0;
      for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n", start)) {
        const line =
          buffer.charCodeAt(end - 1) === 13 ? buffer.slice(start, end - 1) : buffer.slice(start, end);
        start = end + 1;
        if (!line.startsWith("data:")) continue;
        const data = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
        if (data === "[DONE]") {
          await reader.cancel();
          return count;
        }
        const chunk = JSON.parse(data) as RawChunk;
        count++;
        const content = chunk.choices[0]?.delta?.content;
        onContent(typeof content === "string" ? content : undefined);
      }
      buffer = buffer.slice(start);
    }
  };

  return { complete, stream };
}
