import { readFile } from "node:fs/promises";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type ChatMessage, newUserMessage } from "../index.ts";
import { isRecord } from "../internal/is-record.ts";
import { parseJson } from "../internal/json.ts";
import type { Random } from "../internal/seeded-random.ts";

/** The messages of one benchmark request. */
export type Prompt = readonly ChatMessage[];

// Common English words that most tokenizers (GPT, Llama, Qwen, Mistral) read as one token each after a space.
const words = (
  "the of and to in is was for on that with as by at from his her they this have are had not but which " +
  "one all were when there can more time would their out about what so up will if into who been has its " +
  "could first some other than then now only over such make like him after most also made these any many " +
  "well back new way may years where much your see just good people very long great little own old right " +
  "big high small large next early young few public same able last late hard major better best free sure"
).split(" ");

/**
 * A synthetic prompt of about `inputTokens` tokens: random common words (one token each for most
 * tokenizers; the chat template adds a few), drawn from `random` so that two requests never share a
 * prefix the server could cache. The server's `usage.prompt_tokens` gives the exact count.
 */
export function syntheticPrompt(random: Random, inputTokens: number): Prompt {
  const picked = Array.from(
    { length: Math.max(1, inputTokens) },
    () => words[Math.floor(random() * words.length)],
  );
  return [newUserMessage(picked.join(" "))];
}

/** One line of a prompts file: `{"messages": [...]}`, a bare array of messages, or `{"prompt": "text"}`. */
function toPrompt(value: unknown): Result<Prompt, string> {
  if (isRecord(value) && typeof value.prompt === "string") return ok([newUserMessage(value.prompt)]);
  const messages = isRecord(value) ? value.messages : value;
  if (!Array.isArray(messages) || messages.length === 0) {
    return err('expected {"messages": [...]}, an array of messages or {"prompt": "..."}');
  }
  const isMessage = (message: unknown): boolean =>
    isRecord(message) &&
    typeof message.role === "string" &&
    (typeof message.content === "string" || Array.isArray(message.content));
  if (!messages.every(isMessage)) return err("every message needs a string role and a content");
  return ok(messages as unknown as Prompt);
}

/**
 * Reads a JSONL file of prompts, one request's messages per line (blank lines skipped). The error names
 * the file and line at fault.
 * @example `{"messages": [{"role": "user", "content": "Summarise this: ..."}]}`
 */
export function readPromptsFile(path: string): ResultAsync<readonly Prompt[], string> {
  return ResultAsync.fromPromise(
    readFile(path, "utf8"),
    (error) => `--prompts: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
  ).andThen((text) => {
    const prompts: Prompt[] = [];
    const lines = text.split("\n");
    for (const [at, line] of lines.entries()) {
      if (line.trim() === "") continue;
      const prompt = parseJson(line)
        .mapErr(() => "not JSON")
        .andThen(toPrompt);
      if (prompt.isErr()) return err(`--prompts: ${path} line ${at + 1}: ${prompt.error}`);
      prompts.push(prompt.value);
    }
    return prompts.length === 0 ? err(`--prompts: ${path} holds no prompt`) : ok(prompts);
  });
}
