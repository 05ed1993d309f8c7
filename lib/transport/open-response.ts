import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newAbortedError } from "../errors/new-errors.ts";
import { requestIdOf } from "../errors/new-http-error.ts";
import { definedOnly } from "../internal/defined-only.ts";
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

/** Whether a failure is worth another attempt: a timeout only when no response byte came (`first_byte`). */
const isRetryableFailure = (error: ChatwireError): boolean =>
  error.retryable && (error.kind !== "timeout" || error.timeout === "first_byte");

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
  const { clock, maxRetryDelayMs } = transport.config;
  const { signal, totalTimeoutMs } = call;
  if (transport.problem !== undefined) return err(transport.problem);
  if (signal?.aborted) return err(newAbortedError());
  const startedAtMs = clock();
  const deadline =
    totalTimeoutMs === undefined
      ? undefined
      : { at: performance.now() + totalTimeoutMs, timeoutMs: totalTimeoutMs };
  const attempts: AttemptRecord[] = [];
  const headers = {
    accept: call.accept,
    ...(call.body === undefined ? {} : { "content-type": "application/json" }),
  };
  for (let retry = 0; ; retry++) {
    const guard = newCallGuard(signal, deadline);
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
    const response = answered.unwrapOr(undefined);
    // A fetch that resolves after the guard fired (a custom fetch may ignore the signal) is late: the
    // timeout or abort stands, and the late body is released.
    const lateBy = guard.failure();
    if (lateBy !== undefined) void response?.body.cancel();
    const status = lateBy === undefined ? response?.status : undefined;
    if (response !== undefined && status !== undefined && status >= 200 && status < 300) {
      attempts.push({ status, durationMs: headersAtMs - attemptStartMs, waitMs: 0 });
      guard.watch("idle", call.idleTimeoutMs);
      return ok(
        definedOnly<OpenResponse>({
          response,
          guard,
          startedAtMs,
          headersAtMs,
          attempts,
          requestId: requestIdOf(response.headers, undefined, transport.secrets),
        }),
      );
    }
    const failure =
      lateBy ??
      (answered.isOk() ? await failedResponse(transport, call, answered.value, guard) : answered.error);
    guard.dispose();
    const delay =
      retry < call.maxRetries && isRetryableFailure(failure)
        ? retryDelay(retry, (failure as { retryAfterMs?: number }).retryAfterMs, maxRetryDelayMs)
        : undefined;
    const isLast =
      delay === undefined || (deadline !== undefined && performance.now() + delay.waitMs >= deadline.at);
    attempts.push(
      definedOnly<AttemptRecord>({
        status,
        errorKind: failure.kind,
        durationMs: clock() - attemptStartMs,
        waitMs: isLast ? 0 : delay.waitMs,
        waitSource: isLast ? undefined : delay.source,
      }),
    );
    const stop = isLast ? failure : (await sleep(delay.waitMs, signal)) ? undefined : newAbortedError();
    if (stop !== undefined) return err(withoutSecrets({ ...stop, attempts }, transport.secrets));
  }
}
