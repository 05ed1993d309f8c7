import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError } from "../errors/new-errors.ts";
import { requestIdOf } from "../errors/new-http-error.ts";
import { sleep } from "../internal/sleep.ts";
import type { AttemptRecord } from "../response/response-types.ts";
import { type CallGuard, newCallGuard } from "./call-guard.ts";
import { failedResponse } from "./failed-response.ts";
import type { HttpReply } from "./http-reply.ts";
import { withoutSecrets } from "./redact-error.ts";
import { retryDelay } from "./retry-policy.ts";
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
  readonly response: HttpReply;
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

const isRetryableFailure = (error: ChatwireError): boolean =>
  error.kind === "http" ||
  error.kind === "network" ||
  (error.kind === "timeout" && error.timeout === "first_byte")
    ? error.retryable
    : false;

/**
 * Sends a call and waits for a 2xx response's headers, retrying retryable failures (408, 409, 429, 5xx,
 * network errors before any response byte, first-byte timeouts) up to `call.maxRetries` times, after the
 * server's `retry-after-ms` / `Retry-After` or an exponential back-off with jitter, each capped by
 * `maxRetryDelayMs`: a server asking for longer gets its error returned at once, `retryAfterMs` set. A
 * retry whose wait would outlast the total timeout is not made either. Redirects are never followed.
 * Every attempt is recorded, on the response and on the final error. Never rejects.
 */
export async function openResponse(
  transport: Transport,
  call: HttpCall,
): Promise<Result<OpenResponse, ChatwireError>> {
  const { clock } = transport.config;
  const problem = transport.problem;
  if (problem !== undefined) return err(problem);
  if (call.signal?.aborted) return err(newAbortedError());
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
  const fail = (error: ChatwireError): Result<OpenResponse, ChatwireError> =>
    err(withoutSecrets(withAttempts(error, attempts), transport.secrets));
  for (let retry = 0; ; retry++) {
    const guard = newCallGuard(call.signal, deadline);
    const attemptStartMs = clock();
    guard.watch("first_byte", call.firstByteTimeoutMs);
    const answered = await ResultAsync.fromPromise(
      transport.send(call.path, {
        method: call.method,
        body: call.body ?? null,
        headers,
        signal: guard.signal,
      }),
      (error) =>
        toTransportError(error, guard, `${call.method} ${transport.baseUrl}/${call.path}`, transport.secrets),
    );
    const headersAtMs = clock();
    // A fetch that resolves after the guard fired (a custom fetch may ignore the signal) is late: the
    // timeout or abort stands, and the late body is released.
    const lateBy = guard.failure();
    if (lateBy !== undefined && answered.isOk()) void answered.value.body.cancel();
    const fetched: Result<HttpReply, ChatwireError> = lateBy === undefined ? answered : err(lateBy);
    if (fetched.isOk() && fetched.value.status >= 200 && fetched.value.status < 300) {
      const response = fetched.value;
      attempts.push({ status: response.status, durationMs: headersAtMs - attemptStartMs, waitMs: 0 });
      guard.watch("idle", call.idleTimeoutMs);
      const requestId = requestIdOf(response.headers, undefined, transport.secrets);
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
      return fail(failure);
    }
    attempts.push({ ...record, waitMs: delay.waitMs, waitSource: delay.source });
    if (!(await sleep(delay.waitMs, call.signal))) return fail(newAbortedError());
  }
}
