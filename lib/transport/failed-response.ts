import type { ChatwireError } from "../errors/chatwire-error.ts";
import { type CallGuard, watchPhase } from "./call-guard.ts";
import { callUrl, type HttpCall } from "./http-call.ts";
import type { HttpReply } from "./http-reply.ts";
import { newHttpError } from "./new-http-error.ts";
import { readBody } from "./read-body.ts";
import { retryAfterMs } from "./retry-policy.ts";
import type { Transport } from "./transport.ts";

/**
 * Turns a non-2xx response into an `http` error, keeping at most `maxBodyBytes` of its body. A caller's
 * abort or the total timeout while reading it ends the call with that instead. A redirect is never
 * followed, and its body never read: the prompt and the key go only where the user said.
 */
export async function failedResponse(
  transport: Transport,
  call: HttpCall,
  response: HttpReply,
  guard: CallGuard,
): Promise<ChatwireError> {
  const { status, headers } = response;
  const source = {
    method: call.method,
    url: callUrl(transport.baseUrl, call),
    headers,
    secrets: transport.secrets,
  };
  if (response.isRedirect) {
    void response.body.cancel();
    const error = newHttpError(source, status, "");
    const location = headers.get("location");
    // The target is the server's text: kept short, as every server text in a message is.
    const target = location === null ? "" : ` to ${location.slice(0, 200)}`;
    return {
      ...error,
      message: `${error.message}: redirect${target} not followed (chatwire sends the prompt and the API key only to the base URL you set)`,
    };
  }
  watchPhase(guard, "idle", call.idleTimeoutMs);
  const read = await readBody(
    response,
    guard,
    transport.config.maxBodyBytes,
    "the error body",
    transport.secrets,
    true,
  );
  const { failure } = read;
  if (failure?.kind === "aborted" || (failure?.kind === "timeout" && failure.timeout === "total")) {
    return failure;
  }
  return newHttpError(source, status, read.text, retryAfterMs(headers));
}
