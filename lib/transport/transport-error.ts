import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError, newDecodeError, newNetworkError } from "../errors/new-errors.ts";
import { redactSecrets } from "../internal/secret.ts";
import type { CallGuard } from "./call-guard.ts";

interface Cause {
  /** A system code (`ECONNREFUSED`) or a zlib one (`Z_DATA_ERROR`), when the chain has one. */
  readonly code: string | undefined;
  /** The deepest message of the chain. */
  readonly message: string | undefined;
}

/** The most telling words of an error's cause chain (undici wraps the socket's). */
function describeCause(error: unknown): Cause {
  let current: unknown = error;
  let deepest: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && /^(E[A-Z_]+|Z_[A-Z_]+)$/.test(code)) return { code, message: deepest };
    if (typeof message === "string" && message !== "") deepest = message;
    current = cause;
  }
  return { code: undefined, message: deepest };
}

/**
 * The one place where a foreign exception (a fetch rejection, a failed read) becomes a ChatwireError:
 * the guard's own reason when it aborted, else an abort, a body that could not be decompressed (`decode`),
 * or a network failure, with secrets removed.
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
  if (cause.code?.startsWith("Z_")) {
    return newDecodeError(`${what} failed: the compressed body could not be decompressed (${cause.code})`);
  }
  const said = cause.code ?? cause.message;
  const safeCause = said === undefined ? undefined : redactSecrets(said, secrets);
  return newNetworkError(
    safeCause === undefined ? `${what} failed` : `${what} failed: ${safeCause}`,
    safeCause,
  );
}
