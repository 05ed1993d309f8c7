import * as v from "valibot";

/** A non-empty string, else `undefined`: an error body's field of any other type or left out is ignored. */
const text = v.fallback(v.optional(v.pipe(v.string(), v.nonEmpty())), undefined);
/** An error code: a number or a non-empty string as sent, else `undefined`. */
const code = v.fallback(v.optional(v.union([v.number(), v.pipe(v.string(), v.nonEmpty())])), undefined);

/** The error object of an OpenAI-shaped body, `{error: {message, type, param, code}}`, as chatwire reads it. */
export interface ServerErrorObject {
  readonly message?: string | undefined;
  readonly type?: string | undefined;
  readonly code?: string | number | undefined;
  readonly param?: string | undefined;
  /** OpenRouter: the upstream provider's own words, in `metadata.raw`. */
  readonly metadata?: { readonly raw?: string | undefined } | undefined;
  /** The HTTP status the server meant, inside a stream (Groq). */
  readonly status_code?: number | undefined;
}

/** The fields of a server's error body that chatwire reads, whatever shape the body came in. */
export interface ServerErrorBody {
  /** OpenAI's error object, or TGI's message text. */
  readonly error?: ServerErrorObject | string | undefined;
  /** TGI's error type. */
  readonly error_type?: string | undefined;
  /** Mistral, vLLM: the fields at the top. */
  readonly message?: string | undefined;
  readonly type?: string | undefined;
  readonly code?: string | number | undefined;
  readonly param?: string | undefined;
  /** FastAPI / pydantic: a text, or one `{loc, msg}` item per problem. */
  readonly detail?:
    | string
    | readonly {
        readonly msg?: string | undefined;
        readonly loc?: readonly (string | number)[] | undefined;
      }[]
    | undefined;
}

const errorObjectSchema: v.GenericSchema<unknown, ServerErrorObject> = v.object({
  message: text,
  type: text,
  code,
  param: text,
  metadata: v.fallback(v.optional(v.object({ raw: text })), undefined),
  status_code: v.fallback(v.optional(v.number()), undefined),
});

const fastApiItem = v.fallback(
  v.object({ msg: text, loc: v.fallback(v.optional(v.array(v.union([v.string(), v.number()]))), undefined) }),
  {},
);

/**
 * A server's error body, read leniently: the shapes real servers send, OpenAI `{error: {message, type,
 * param, code}}` (OpenRouter adds `metadata.raw`, Groq `status_code`), TGI `{error: "text", error_type}`,
 * Mistral and vLLM bare `{message, type, code, param}`, FastAPI `{detail}`. Every field of an unexpected
 * type reads as missing, so any JSON object fits; what it says is `parseServerError`'s to pick.
 */
export const serverErrorBodySchema: v.GenericSchema<unknown, ServerErrorBody> = v.object({
  error: v.fallback(v.optional(v.union([v.pipe(v.string(), v.nonEmpty()), errorObjectSchema])), undefined),
  error_type: text,
  message: text,
  type: text,
  code,
  param: text,
  detail: v.fallback(
    v.optional(v.union([v.pipe(v.string(), v.nonEmpty()), v.array(fastApiItem)])),
    undefined,
  ),
});
