import { err, ok, type Result } from "neverthrow";
import type * as v from "valibot";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newDecodeError } from "../errors/new-errors.ts";
import { parseJson } from "../internal/json.ts";
import type { ResponseMeta } from "../response/response-types.ts";
import { parseWith } from "../schema/parse-with.ts";
import { type HttpCall, openResponse } from "./open-response.ts";
import { readBoundedText } from "./read-body.ts";
import type { Transport } from "./transport.ts";

/**
 * Makes a non-streaming call and returns its JSON body, validated against a wire schema, with the call's
 * latency and attempts. Never rejects.
 */
export async function fetchJson<T extends object>(
  transport: Transport,
  call: HttpCall,
  schema: v.GenericSchema<unknown, T>,
  what: string,
): Promise<Result<T & ResponseMeta, ChatwireError>> {
  const opened = await openResponse(transport, call);
  if (opened.isErr()) return err(opened.error);
  const { response, guard, startedAtMs, attempts, requestId } = opened.value;
  const text = await readBoundedText(response, guard, transport.config.maxBodyBytes, what, transport.secrets);
  guard.dispose();
  if (text.isErr()) return err({ ...text.error, attempts });
  const json = parseJson(text.value);
  if (json.isErr())
    return err({
      ...newDecodeError(`${what} is not JSON: ${json.error.message}`, undefined, text.value),
      attempts,
    });
  const parsed = parseWith(schema, json.value, what, text.value);
  if (parsed.isErr()) return err({ ...parsed.error, attempts });
  const latencyMs = transport.config.clock() - startedAtMs;
  return ok({ ...parsed.value, latencyMs, ...(requestId === undefined ? {} : { requestId }), attempts });
}
