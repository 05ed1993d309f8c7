import * as v from "valibot";
import { optionalContent } from "./content-schema.ts";
import { optionalText, type ResponseToolCall, toolCallSchema } from "./tool-call-schemas.ts";
import { optionalUsage, type Usage } from "./usage-schema.ts";

/** The message of a non-streaming choice. Providers add fields (`reasoning_content`, `reasoning`) that are kept. */
export interface ResponseMessage {
  readonly role?: string;
  /** Text, `null`, or (Mistral's reasoning models) an array of content parts. */
  readonly content?: string | null | readonly unknown[];
  readonly refusal?: string | null;
  /** Tool calls; some providers (Mistral) leave out `type`. */
  readonly tool_calls?: readonly ResponseToolCall[];
  readonly [field: string]: unknown;
}

/** One choice of a non-streaming response. */
export interface ResponseChoice {
  readonly index: number;
  readonly message: ResponseMessage;
  /** Why generation stopped; servers send values beyond the usual five (`eos`), kept as sent. */
  readonly finish_reason: string | null;
  readonly logprobs?: unknown;
  readonly [field: string]: unknown;
}

/** A chat completion as the server sent it: validated where chatwire reads it, every other field kept. */
export interface WireChatCompletion {
  readonly id: string;
  readonly object?: string;
  readonly created?: number;
  readonly model: string;
  readonly choices: readonly ResponseChoice[];
  readonly usage?: Usage | null;
  readonly system_fingerprint?: string | null;
  readonly [field: string]: unknown;
}

/**
 * The body of a non-streaming `POST /chat/completions` answer, where chatwire reads it: `id`, `model`,
 * `created`, each choice's `index`, `finish_reason` and message (role, content, refusal, tool calls), and
 * `usage`. Check it with `v.is` to keep the parsed object, unknown fields included.
 * @example
 * ```ts
 * if (v.is(chatCompletionSchema, JSON.parse(text))) console.log("a chat completion");
 * ```
 */
export const chatCompletionSchema: v.GenericSchema<unknown, WireChatCompletion> = v.object({
  id: v.string(),
  model: v.string(),
  created: v.exactOptional(v.number()),
  choices: v.array(
    v.object({
      index: v.number(),
      message: v.object({
        role: v.exactOptional(v.string()),
        content: optionalContent,
        refusal: optionalText,
        tool_calls: v.exactOptional(v.array(toolCallSchema)),
      }),
      finish_reason: v.nullable(v.string()),
    }),
  ),
  usage: optionalUsage,
});
