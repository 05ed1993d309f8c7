import OpenAI from "openai";
import { type BenchClient, benchPrompt } from "./bench-client.ts";

/** The official SDK as its README shows it; retries off so a failure shows at once. */
export function newOpenAiClient(baseUrl: string): BenchClient {
  const client = new OpenAI({ baseURL: baseUrl, apiKey: "x", maxRetries: 0 });
  const messages = [{ role: "user" as const, content: benchPrompt }];

  const complete = async (model: string): Promise<string> => {
    const answer = await client.chat.completions.create({ model, messages });
    return answer.choices[0]?.message.content ?? "";
  };

  const stream = async (
    model: string,
    onContent: (content: string | undefined) => void,
    signal?: AbortSignal,
  ): Promise<number> => {
    const chunks = await client.chat.completions.create(
      { model, messages, stream: true, stream_options: { include_usage: true } },
      signal === undefined ? {} : { signal },
    );
    let count = 0;
    for await (const chunk of chunks) {
      count++;
      const content = chunk.choices[0]?.delta.content;
      onContent(typeof content === "string" ? content : undefined);
    }
    return count;
  };

  return { complete, stream };
}
