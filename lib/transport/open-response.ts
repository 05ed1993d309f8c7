import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError } from "../errors/new-errors.ts";
import { newHttpError, requestIdOf } from "../errors/new-http-error.ts";
import type { AttemptRecord } from "../response/response-types.ts";
import { type CallGuard, newCallGuard } from "./call-guard.ts";
import { readBoundedText } from "./read-body.ts";
import { isRetryableStatus, retryAfterMs, retryDelay } from "./retry-policy.ts";
import type { Transport } from "./transport.ts";
import { toTransportError } from "./transport-error.ts";

/** One call to make: what to send and how long each wait may last. */
export interface HttpCall {
  readonly method: "GET" | "POST";
  /** Relative to the base URL: `chat/completions`. */
  readonly path: string;
  readonly body?: string;
  readonly accept: "application/json" | "text/event-stream";
  /** Bounds the whole call, retries included; only for calls that are not streams. */
  readonly totalTimeoutMs: number | undefined;
  readonly firstByteTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxRetries: number;
  readonly signal: AbortSignal | undefined;
}

/** A 2xx response whose headers have arrived, with the guard that keeps watching its body. */
export interface OpenResponse {
  readonly response: Response;
  readonly guard: CallGuard;
  /** When the call started, on the client's clock (before the first attempt). */
  readonly startedAtMs: number;
  /** When the successful attempt's headers arrived, on the client's clock. */
  readonly headersAtMs: number;
  readonly attempts: readonly AttemptRecord[];
  readonly requestId?: string;
}

const withAttempts = (error: ChatwireError, attempts: readonly AttemptRecord[]): ChatwireError =>
  error.kind === "invalid_request" || error.kind === "output" ? error : { ...error, attempts };

function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Turns a non-2xx response into an `http` error, reading its body within the body bound. */
async function failedResponse(
  transport: Transport,
  call: HttpCall,
  response: Response,
  guard: CallGuard,
): Promise<ChatwireError> {
  const url = `${transport.baseUrl}/${call.path}`;
  const isRedirect = response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);
  if (isRedirect) {
    void response.body?.cancel().catch(() => undefined);
    const location = response.headers.get("location");
    return newHttpError({
      method: call.method,
      url,
      status: response.status,
      headers: response.headers,
      text: `chatwire does not follow redirects, so that the prompt and the API key reach only the server you named${location === null ? "" : ` (redirected to ${location})`}`,
      retryable: false,
      retryAfterMs: undefined,
      secrets: transport.secrets,
    });
  }
  guard.watch("idle", call.idleTimeoutMs);
  const text = await readBoundedText(
    response,
    guard,
    transport.config.maxBodyBytes,
    "the error body",
    transport.secrets,
  );
  return newHttpError({
    method: call.method,
    url,
    status: response.status,
    headers: response.headers,
    text: text.unwrapOr("(the error body could not be read)"),
    retryable: isRetryableStatus(response.status),
    retryAfterMs: retryAfterMs(response.headers),
    secrets: transport.secrets,
  });
}

const isRetryableFailure = (error: ChatwireError): boolean =>
  error.kind === "http" ||
  error.kind === "network" ||
  (error.kind === "timeout" && error.timeout === "first_byte")
    ? error.retryable
    : false;

/**
 * Sends a call and waits for a 2xx response's headers, retrying retryable failures (408, 409, 429, 5xx,
 * network errors and first-byte timeouts) with back-off or the server's `Retry-After`. Never rejects.
 */
export async function openResponse(
  transport: Transport,
  call: HttpCall,
): Promise<Result<OpenResponse, ChatwireError>> {
  const { clock } = transport.config;
  if (transport.problem !== undefined) return err(transport.problem);
  const startedAtMs = clock();
  const deadline =
    call.totalTimeoutMs === undefined
      ? undefined
      : { at: performance.now() + call.totalTimeoutMs, timeoutMs: call.totalTimeoutMs };
  const attempts: AttemptRecord[] = [];
  const headers = {
    accept: call.accept,
    ...(call.body === undefined ? {} : { "content-type": "application/json" }),
  };
  for (let retry = 0; ; retry++) {
    const guard = newCallGuard(call.signal, deadline);
    const attemptStartMs = clock();
    guard.watch("first_byte", call.firstByteTimeoutMs);
    const fetched = await ResultAsync.fromPromise(
      transport.api(call.path, {
        method: call.method,
        body: call.body ?? null,
        headers,
        signal: guard.signal,
      }),
      (error) =>
        toTransportError(error, guard, `${call.method} ${transport.baseUrl}/${call.path}`, transport.secrets),
    );
    const headersAtMs = clock();
    if (fetched.isOk() && fetched.value.status >= 200 && fetched.value.status < 300) {
      const response = fetched.value;
      attempts.push({ status: response.status, durationMs: headersAtMs - attemptStartMs, waitMs: 0 });
      guard.watch("idle", call.idleTimeoutMs);
      const requestId = requestIdOf(response.headers);
      return ok({
        response,
        guard,
        startedAtMs,
        headersAtMs,
        attempts,
        ...(requestId === undefined ? {} : { requestId }),
      });
    }
    const failure = fetched.isOk()
      ? await failedResponse(transport, call, fetched.value, guard)
      : fetched.error;
    guard.dispose();
    const record = {
      ...(fetched.isOk() ? { status: fetched.value.status } : {}),
      errorKind: failure.kind,
      durationMs: clock() - attemptStartMs,
    };
    const delay =
      retry < call.maxRetries && isRetryableFailure(failure)
        ? retryDelay(
            retry,
            failure.kind === "http" ? failure.retryAfterMs : undefined,
            transport.config.maxRetryDelayMs,
          )
        : undefined;
    if (delay === undefined || (deadline !== undefined && performance.now() + delay.waitMs >= deadline.at)) {
      attempts.push({ ...record, waitMs: 0 });
      return err(withAttempts(failure, attempts));
    }
    attempts.push({ ...record, waitMs: delay.waitMs, waitSource: delay.source });
    if (!(await sleep(delay.waitMs, call.signal))) return err(withAttempts(newAbortedError(), attempts));
  }
}
