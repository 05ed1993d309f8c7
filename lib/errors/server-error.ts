import { definedOnly } from "../internal/defined-only.ts";
import { asRecord } from "../internal/is-record.ts";

/** What a server's error body says about the failure, whatever shape it came in. */
export interface ServerErrorDetails {
  readonly serverMessage?: string;
  readonly type?: string;
  readonly code?: string | number;
  readonly param?: string;
}

type Fields = Record<string, unknown>;

const asText = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;
const asCode = (value: unknown): string | number | undefined =>
  typeof value === "number" ? value : asText(value);

/** FastAPI / pydantic validation bodies: `{detail: [{loc, msg}]}` or `{detail: "text"}`. */
function fastApiMessage(detail: unknown): string | undefined {
  if (!Array.isArray(detail)) return asText(detail);
  const parts = detail.flatMap((item) => {
    const entry = asRecord(item);
    const message = asText(entry?.msg);
    if (message === undefined) return [];
    const location = Array.isArray(entry?.loc) ? entry.loc.join(".") : undefined;
    return [location === undefined ? message : `${location}: ${message}`];
  });
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** The message of an OpenAI-shaped `error` object. */
function nestedMessage(error: Fields): string | undefined {
  // OpenRouter says only "Provider returned error" itself; the upstream provider's words are in `metadata.raw`.
  const own = asText(error.message);
  const upstream = asText(asRecord(error.metadata)?.raw);
  return own !== undefined && upstream !== undefined ? `${own}: ${upstream}` : (own ?? upstream);
}

/**
 * Reads the server's own message, type, code and param from an error body, covering the shapes real
 * servers send: OpenAI `{error: {message, type, param, code}}` (OpenRouter adds `metadata.raw`), TGI
 * `{error: "text", error_type}`, Mistral and vLLM bare `{message, ...}`, FastAPI `{detail}`, Google's
 * `[{error: {...}}]`, and plain text.
 */
export function parseServerError(body: unknown, text: string): ServerErrorDetails {
  // Google's OpenAI-compatible endpoint wraps its error object in a one-element array.
  const root = asRecord(Array.isArray(body) && body.length === 1 ? body[0] : body);
  if (root === undefined) {
    const plain = text.trim();
    return plain === "" || plain.startsWith("<") ? {} : { serverMessage: plain };
  }
  // OpenAI's shape nests the fields in `error`; the others have them at the top.
  const nested = asRecord(root.error);
  const fields = nested ?? root;
  return definedOnly<ServerErrorDetails>({
    serverMessage:
      nested === undefined
        ? (asText(root.error) ?? asText(root.message) ?? fastApiMessage(root.detail))
        : nestedMessage(nested),
    // TGI names the type `error_type`.
    type: nested === undefined ? (asText(root.error_type) ?? asText(root.type)) : asText(nested.type),
    code: asCode(fields.code),
    param: asText(fields.param),
  });
}
