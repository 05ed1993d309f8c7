import { type BenchClient, benchPrompt } from "./bench-client.ts";

interface RawChunk {
  readonly choices: readonly { readonly delta?: { readonly content?: unknown } }[];
}

/** A non-streaming answer as the floor clients read it: no check, only the field they use. */
export interface RawAnswer {
  readonly choices: readonly { readonly message: { readonly content: string | null } }[];
}

/**
 * Raw's SSE loop over a response that has arrived: a hand-rolled line splitter and `JSON.parse`, handing
 * each chunk's first-choice content to `onContent`, until `[DONE]` or the end of the body. It handles LF
 * and CRLF, `data:` with or without a space, and comments; it does not validate, time or bound anything.
 * Resolves to the number of chunks handed over. The `ky` client runs the same loop on ky's response.
 */
export async function readEventStream(
  response: Response,
  onContent: (content: string | undefined) => void,
): Promise<number> {
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
}

/**
 * The floor: `fetch`, a hand-rolled SSE line splitter and `JSON.parse` ({@link readEventStream}), as a
 * competent engineer writes it inline in an application.
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
    return readEventStream(response, onContent);
  };

  return { complete, stream };
}
