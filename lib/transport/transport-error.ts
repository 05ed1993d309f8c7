import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError, newNetworkError } from "../errors/new-errors.ts";
import { redactSecrets } from "../internal/secret.ts";
import type { CallGuard } from "./call-guard.ts";

/** The most telling words of an error's cause chain: a system code (`ECONNREFUSED`) or the deepest message. */
function describeCause(error: unknown): string | undefined {
  let current: unknown = error;
  let deepest: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
    if (typeof message === "string" && message !== "") deepest = message;
    current = cause;
  }
  return deepest;
}

/**
 * The one place where a foreign exception (a fetch rejection, a failed read) becomes a ChatwireError:
 * the guard's own reason when it aborted, else an abort or a network failure, with secrets removed.
 */
export function toTransportError(
  error: unknown,
  guard: CallGuard,
  what: string,
  secrets: readonly string[],
): ChatwireError {
  const failure = guard.failure();
  if (failure !== undefined) return failure;
  if (error instanceof DOMException && error.name === "AbortError") return newAbortedError();
  const cause = describeCause(error);
  const safeCause = cause === undefined ? undefined : redactSecrets(cause, secrets);
  return newNetworkError(
    safeCause === undefined ? `${what} failed` : `${what} failed: ${safeCause}`,
    safeCause,
  );
}
