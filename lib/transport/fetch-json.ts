import { err, ok, type Result } from "neverthrow";
import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newDecodeError, newShapeError } from "../errors/new-errors.ts";
import { JsonFailure, parseJsonOrFailure } from "../internal/json.ts";
import { shapeIssue, type WireSchema } from "../schema/shape-issue.ts";
import { newCallTiming } from "../timing/call-timing.ts";
import type { ResponseMeta } from "../timing/response-meta.ts";
import { readServerTiming } from "../timing/server-timing-formats.ts";
import { disposeGuard } from "./call-guard.ts";
import type { HttpCall } from "./http-call.ts";
import type { HttpReply } from "./http-reply.ts";
import { openResponse } from "./open-response.ts";
import { readBody } from "./read-body.ts";
import { withoutSecrets } from "./redact-error.ts";
import type { Transport } from "./transport.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Why a successful response's text is not the JSON asked for, in words a user can act on. */
function notJsonError(what: string, response: HttpReply, text: string, reason: string): ChatwireError {
  const type = response.headers.get("content-type") ?? "none";
  const problem = text.trim() === "" ? "is empty" : `is not JSON (${reason})`;
  return newDecodeError(
    `${what} ${problem}; status ${response.status}, content-type ${type}`,
    undefined,
    text,
  );
}

/**
 * Makes a non-streaming call and returns its JSON body, validated against a wire schema, with the call's
 * latency, attempts and timing (the server's own figures read from the body when it reports them). The body is read within `maxBodyBytes`; past it the connection is closed and a
 * `decode` error returned. Every error carries the attempts and no secret. Never rejects.
 */
export async function fetchJson<T extends object>(
  transport: Transport,
  call: HttpCall,
  schema: WireSchema<T>,
  what: string,
): Promise<Result<T & ResponseMeta, ChatwireError>> {
  const opened = await openResponse(transport, call);
  if (opened.isErr()) return err(opened.error);
  const { response, guard, startedAtMs, headersAtMs, attempts, requestId } = opened.value;
  const fail = (error: ChatwireError): Result<T & ResponseMeta, ChatwireError> => {
    // The attempt that answered is marked as failed by what went wrong with its body. The records are this
    // call's own, made by `openResponse` for it alone.
    (attempts.at(-1) as Mutable<AttemptRecord>).errorKind = error.kind;
    return err(withoutSecrets({ ...error, attempts }, transport.secrets));
  };
  const { text, failure } = await readBody(
    response,
    guard,
    transport.config.maxBodyBytes,
    what,
    transport.secrets,
    false,
  );
  disposeGuard(guard);
  if (failure !== undefined) return fail(failure);
  const json = parseJsonOrFailure(text);
  if (json instanceof JsonFailure) return fail(notJsonError(what, response, text, json.failure.message));
  const issue = shapeIssue(schema, json);
  if (issue !== undefined) return fail(newShapeError(what, issue, text));
  const latencyMs = transport.config.clock() - startedAtMs;
  // The parsed body is ours alone, so the meta fields go onto it rather than onto a copy of it (the same
  // keys in the same order as a spread; a `__proto__` key from the server stays an inert own property).
  const answer = json as T & Mutable<ResponseMeta>;
  const timing = newCallTiming(headersAtMs - startedAtMs, latencyMs, attempts, readServerTiming(answer));
  answer.latencyMs = latencyMs;
  // `requestId` is chatwire's (the header's): a body field of that name must not pass for it.
  if (requestId !== undefined) answer.requestId = requestId;
  else if (Object.hasOwn(answer, "requestId")) delete answer.requestId;
  answer.attempts = attempts;
  answer.timing = timing;
  return ok(answer);
}
