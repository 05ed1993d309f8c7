import type { ChatMessage } from "../messages/messages.ts";

/** A JSON Schema, as a plain object. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A function the model may call, in wire shape. */
export interface FunctionTool {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description?: string;
    readonly parameters?: JsonSchema;
    readonly strict?: boolean;
  };
}

/** Which tool the model may or must call. Mistral also accepts `"any"` (the same as `"required"`). */
export type ToolChoice =
  | "auto"
  | "none"
  | "required"
  | "any"
  | { readonly type: "function"; readonly function: { readonly name: string } };

/** The JSON-schema response format, in wire shape. */
export interface JsonSchemaFormat {
  readonly type: "json_schema";
  readonly json_schema: {
    readonly name: string;
    readonly description?: string;
    readonly schema: JsonSchema;
    readonly strict?: boolean;
  };
}

/** One response format: plain text, any JSON object, or JSON matching a schema. */
export type ResponseFormat = { readonly type: "text" } | { readonly type: "json_object" } | JsonSchemaFormat;

/**
 * The JSON body of `POST /chat/completions`, exactly as sent. Vendor fields set with `withExtraBody`
 * sit next to the standard ones.
 */
export interface ChatCompletionBody {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
  readonly temperature?: number;
  readonly top_p?: number;
  readonly n?: number;
  readonly stop?: string | readonly string[];
  readonly seed?: number;
  readonly frequency_penalty?: number;
  readonly presence_penalty?: number;
  readonly logit_bias?: Readonly<Record<string, number>>;
  readonly logprobs?: boolean;
  readonly top_logprobs?: number;
  readonly user?: string;
  readonly tools?: readonly FunctionTool[];
  readonly tool_choice?: ToolChoice;
  readonly parallel_tool_calls?: boolean;
  readonly response_format?: ResponseFormat;
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage: boolean };
  readonly [vendorField: string]: unknown;
}
