import * as v from "valibot";
import { definedOnly } from "../internal/defined-only.ts";
import { isRecord } from "../internal/is-record.ts";
import { type ServerErrorBody, serverErrorBodySchema } from "../schema/server-error-schema.ts";

/** What a server's error body says about the failure, whatever shape it came in. */
export interface ServerErrorDetails {
  readonly serverMessage?: string;
  readonly type?: string;
  readonly code?: string | number;
  readonly param?: string;
}

/** FastAPI / pydantic validation bodies: `{detail: [{loc, msg}]}` or `{detail: "text"}`. */
function fastApiMessage(detail: ServerErrorBody["detail"]): string | undefined {
  if (!Array.isArray(detail)) return detail as string | undefined;
  const parts = detail.flatMap(({ msg, loc }) =>
    msg === undefined ? [] : [loc === undefined ? msg : `${loc.join(".")}: ${msg}`],
  );
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/**
 * Reads the server's own message, type, code and param from an error body (see `serverErrorBodySchema` for
 * the shapes covered; Google's OpenAI-compatible endpoint wraps its body in a one-element array), or takes
 * a plain-text body as the message.
 */
export function parseServerError(body: unknown, text: string): ServerErrorDetails {
  const root = Array.isArray(body) && body.length === 1 ? body[0] : body;
  const parsed = isRecord(root) ? v.safeParse(serverErrorBodySchema, root) : undefined;
  if (parsed === undefined || !parsed.success) {
    const plain = text.trim();
    return plain === "" || plain.startsWith("<") ? {} : { serverMessage: plain };
  }
  const fields = parsed.output;
  // OpenAI's shape nests the fields in `error`; the others have them at the top.
  const { error } = fields;
  if (typeof error === "object" && !Array.isArray(root.error)) {
    const nested = error;
    // OpenRouter says only "Provider returned error" itself; the upstream provider's words are in `metadata.raw`.
    const upstream = nested.metadata?.raw;
    return definedOnly<ServerErrorDetails>({
      serverMessage:
        nested.message !== undefined && upstream !== undefined
          ? `${nested.message}: ${upstream}`
          : (nested.message ?? upstream),
      type: nested.type,
      code: nested.code,
      param: nested.param,
    });
  }
  return definedOnly<ServerErrorDetails>({
    serverMessage:
      (typeof error === "string" ? error : undefined) ?? fields.message ?? fastApiMessage(fields.detail),
    // TGI names the type `error_type`.
    type: fields.error_type ?? fields.type,
    code: fields.code,
    param: fields.param,
  });
}
