import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError, newDecodeError, newNetworkError } from "../errors/new-errors.ts";
import { redactSecrets } from "../internal/secret.ts";
import { type CallGuard, guardFailure } from "./call-guard.ts";

/**
 * The one place where a foreign exception (a fetch rejection, a failed read) becomes a ChatwireError:
 * the guard's own reason when it aborted, else an abort, a body that could not be decompressed (`decode`),
 * or a network failure, with secrets removed. The failure is told by the most telling words of the
 * error's cause chain (undici wraps the socket's): a system code (`ECONNREFUSED`) or a zlib one
 * (`Z_DATA_ERROR`) when the chain has one, else its deepest message.
 */
export function toTransportError(
  error: unknown,
  guard: CallGuard,
  what: string,
  secrets: readonly string[],
): ChatwireError {
  const failure = guardFailure(guard);
  if (failure !== undefined) return failure;
  if (error instanceof DOMException && error.name === "AbortError") return newAbortedError();
  let current: unknown = error;
  let said: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && /^(E|Z_)[A-Z_]+$/.test(code)) {
      if (code.startsWith("Z_")) {
        return newDecodeError(`${what} failed: the compressed body could not be decompressed (${code})`);
      }
      said = code;
      break;
    }
    if (typeof message === "string" && message !== "") said = message;
    current = cause;
  }
  const safeCause = said === undefined ? undefined : redactSecrets(said, secrets);
  return newNetworkError(
    safeCause === undefined ? `${what} failed` : `${what} failed: ${safeCause}`,
    safeCause,
  );
}
