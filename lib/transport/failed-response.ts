import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newHttpError } from "../errors/new-http-error.ts";
import type { CallGuard } from "./call-guard.ts";
import type { HttpReply } from "./http-reply.ts";
import type { HttpCall } from "./open-response.ts";
import { readBodyPrefix } from "./read-body.ts";
import { isRetryableStatus, retryAfterMs } from "./retry-policy.ts";
import type { Transport } from "./transport.ts";

/** The error of a redirect, which is never followed: the prompt and the key go only where the user said. */
function redirectError(transport: Transport, call: HttpCall, response: HttpReply): ChatwireError {
  void response.body.cancel();
  const location = response.headers.get("location");
  const error = newHttpError({
    method: call.method,
    url: `${transport.baseUrl}/${call.path}`,
    status: response.status,
    headers: response.headers,
    text: "",
    retryable: false,
    retryAfterMs: undefined,
    secrets: transport.secrets,
  });
  // The target is the server's text: kept short, as every server text in a message is.
  const target = location === null ? "" : ` to ${location.slice(0, 200)}`;
  return {
    ...error,
    message: `${error.message}: redirect${target} not followed (chatwire sends the prompt and the API key only to the base URL you set)`,
  };
}

/**
 * Turns a non-2xx response into an `http` error, keeping at most `maxBodyBytes` of its body. A caller's
 * abort or the total timeout while reading it ends the call with that instead.
 */
export async function failedResponse(
  transport: Transport,
  call: HttpCall,
  response: HttpReply,
  guard: CallGuard,
): Promise<ChatwireError> {
  if (response.isRedirect) {
    return redirectError(transport, call, response);
  }
  guard.watch("idle", call.idleTimeoutMs);
  const read = await readBodyPrefix(
    response,
    guard,
    transport.config.maxBodyBytes,
    "the error body",
    transport.secrets,
  );
  const { failure } = read;
  if (failure?.kind === "aborted" || (failure?.kind === "timeout" && failure.timeout === "total")) {
    return failure;
  }
  return newHttpError({
    method: call.method,
    url: `${transport.baseUrl}/${call.path}`,
    status: response.status,
    headers: response.headers,
    text: read.text,
    retryable: isRetryableStatus(response.status),
    retryAfterMs: retryAfterMs(response.headers),
    secrets: transport.secrets,
  });
}
