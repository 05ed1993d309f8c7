import type { Options, ShouldRetryState } from "ky";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { AttemptRecord } from "../errors/attempt-record.ts";
import { type ChatwireError, type InvalidRequestError, isChatwireError } from "../errors/chatwire-error.ts";
import {
  newAbortedError,
  newDecodeError,
  newInvalidRequestError,
  newNetworkError,
  newTimeoutError,
} from "../errors/new-errors.ts";
import { definedOnly } from "../internal/defined-only.ts";
import { describeThrown, describeValue } from "../internal/describe-value.ts";
import { stringifyJson } from "../internal/json.ts";
import { redactSecrets } from "../internal/secret.ts";
import { timerDelayMs } from "../internal/sleep.ts";
import {
  type CallGuard,
  type Deadline,
  disposeGuard,
  followSignal,
  guardFailure,
  newCallGuard,
  stopFollowing,
  watchPhase,
} from "./call-guard.ts";
import { failedResponse } from "./failed-response.ts";
import { callUrl, type HttpCall } from "./http-call.ts";
import { fetchReply, type HttpReply } from "./http-reply.ts";
import { requestIdOf } from "./new-http-error.ts";
import { withoutSecrets } from "./redact-error.ts";
import { retryDelay } from "./retry-policy.ts";
import type { Sender, Transport } from "./transport.ts";
import type { FetchFunction } from "./transport-config.ts";
import { toTransportError } from "./transport-error.ts";

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

/** What one call knows of its attempts while ky makes them: one object per call, updated in place. */
interface CallState {
  readonly transport: Transport;
  readonly sender: Sender;
  /** The request body, as sent: the JSON text, when every attempt's request carries it unchanged. */
  readonly body: string | undefined;
  readonly call: HttpCall;
  readonly deadline: Deadline | undefined;
  /** `METHOD url`, as failure messages name the call. */
  readonly what: string;
  readonly records: AttemptRecord[];
  /** The guard of the current attempt. */
  guard: CallGuard;
  tries: number;
  startMs: number;
  /** When the current attempt's headers arrived. */
  headersAtMs: number;
  status: number | undefined;
  /** Whether the current attempt has its record. */
  isRecorded: boolean;
  /** Whether a retry after the current attempt was decided. */
  isRetrying: boolean;
  /** Whether a first-byte timeout of the current attempt would end at or after the deadline. */
  isDeadlineFirst: boolean;
  /** The `http` error of a non-2xx answer, its body being read within bounds. */
  answerFailure: Promise<ChatwireError> | undefined;
  /** The failure of the attempt last recorded. */
  failure: ChatwireError | undefined;
  /** The wait before the next attempt, which ky waits (its `retry.delay`). */
  waitMs: number;
}

/** A duration for a message: `850 ms`, `1.5 s`. */
const spanText = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** Whether a failure is worth another attempt: a timeout only when no response byte came (`first_byte`). */
const isRetryableFailure = (error: ChatwireError): boolean =>
  error.retryable && (error.kind !== "timeout" || error.timeout === "first_byte");

function record(
  state: CallState,
  failure: ChatwireError | undefined,
  waitMs: number,
  waitSource: AttemptRecord["waitSource"],
): void {
  const { clock } = state.transport.config;
  const endMs = failure === undefined ? state.headersAtMs : clock();
  state.records.push(
    definedOnly<AttemptRecord>({
      status: state.status,
      errorKind: failure?.kind,
      durationMs: endMs - state.startMs,
      waitMs,
      waitSource,
    }),
  );
  state.isRecorded = true;
  state.failure = failure;
}

/**
 * Turns what ky threw for the current attempt into a ChatwireError: the `http` error of a non-2xx answer
 * (its body read by chatwire), the guard's own reason (abort, deadline), a first-byte timeout, or a
 * network failure. The attempt's guard is done with.
 */
/**
 * What ky threw that is no answer, no timeout and no failed fetch (those reach ky as ChatwireErrors): a
 * `withHooks` or `withKy` hook's throw. Another attempt would throw it again, so it is not retried.
 */
function hookFailure(error: unknown, secrets: readonly string[]): InvalidRequestError {
  return newInvalidRequestError("hooks", `threw: ${redactSecrets(describeThrown(error), secrets)}`);
}

async function failureOf(state: CallState, error: unknown): Promise<ChatwireError> {
  const { guard, call, deadline, transport } = state;
  // What chatwire throws in an attempt is a ChatwireError, plain data, which ky's retry check sees wrapped
  // in its NonError (`value`).
  const wrapped = (error as { readonly value?: unknown } | null)?.value;
  const thrown = isChatwireError(wrapped) ? wrapped : error;
  const { isHTTPError, isForceRetryError, isTimeoutError } = state.sender.module;
  const answer = isHTTPError(error) || isForceRetryError(error) ? state.answerFailure : undefined;
  const failure =
    (answer === undefined ? undefined : await answer) ??
    guardFailure(guard) ??
    (isTimeoutError(error)
      ? state.isDeadlineFirst && deadline !== undefined
        ? newTimeoutError(deadline.phase, deadline.timeoutMs)
        : newTimeoutError("first_byte", call.firstByteTimeoutMs)
      : isChatwireError(thrown)
        ? thrown
        : hookFailure(error, transport.secrets));
  disposeGuard(guard);
  return failure;
}

/**
 * The fetch of one call: times and guards each attempt ky makes, refuses to follow a redirect, and hands
 * ky a non-2xx answer without its body, which chatwire reads (within `maxBodyBytes`) for the error.
 */
const isResponse = (value: unknown): value is Response =>
  typeof (value as Response | null)?.status === "number" &&
  typeof (value as Response).headers?.get === "function";

async function sendAttempt(
  state: CallState,
  request: Request,
  init: RequestInit | undefined,
): Promise<Response> {
  const { transport, call, deadline } = state;
  const { clock } = transport.config;
  // A hook's `ky.retry()` retried the last answer without asking chatwire: it is recorded as it went.
  if (!state.isRecorded) {
    const answer = state.answerFailure === undefined ? undefined : await state.answerFailure;
    disposeGuard(state.guard);
    record(state, answer, clock() - state.headersAtMs, undefined);
  }
  if (state.tries > 0) state.guard = newCallGuard(call.signal, deadline);
  state.tries++;
  state.isRecorded = false;
  state.isRetrying = false;
  state.status = undefined;
  state.answerFailure = undefined;
  const { guard } = state;
  state.startMs = clock();
  state.isDeadlineFirst =
    deadline !== undefined && performance.now() + call.firstByteTimeoutMs >= deadline.at;
  // fetch gets the guard's signal, which follows ky's (the caller's abort, ky's per-attempt timeout) until
  // the headers arrive: one listener instead of an `AbortSignal.any` per attempt, held by every open stream.
  followSignal(guard, request.signal);
  const { signal } = guard.controller;
  // The request carries the same body: handing fetch its text spares undici a copy of the request's stream.
  // A failed fetch becomes its ChatwireError here, so that ky's retry check can tell it from a hook's throw.
  const fetched = await ResultAsync.fromThrowable(state.sender.fetch, (error) =>
    toTransportError(error, guard, state.what, transport.secrets),
  )(request, state.body === undefined ? { ...init, signal } : { ...init, body: state.body, signal });
  stopFollowing(guard);
  if (fetched.isErr()) throw fetched.error;
  const response: unknown = fetched.value;
  // A `withFetch` fetch may break its contract; what it answered then cannot be read as a response.
  if (!isResponse(response)) {
    throw newDecodeError(
      `${state.what} failed: the fetch answered ${describeValue(response)}, not a Response`,
    );
  }
  state.headersAtMs = clock();
  // A fetch that resolves after the guard fired (a custom fetch may ignore the signal) is late: the
  // timeout or abort stands, and the late body is released.
  const late = guardFailure(guard);
  if (late !== undefined) {
    void response.body?.cancel().catch(() => undefined);
    throw late;
  }
  state.status = response.status;
  if (response.ok) return response;
  state.answerFailure = failedResponse(transport, call, fetchReply(response), guard);
  // An opaque redirect (browsers) has no status to hand on.
  if (response.status < 200) throw await state.answerFailure;
  return new Response(null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * Decides whether ky retries: chatwire's rules (408, 409, 429, 5xx, network errors and first-byte
 * timeouts; never after the deadline), waiting the server's `retry-after-ms` / `Retry-After` or an
 * exponential back-off with jitter, each capped by `maxRetryDelayMs`: a server asking for longer gets its
 * error returned at once, `retryAfterMs` set. ky checks the retry limit and waits (abortable).
 */
async function shouldRetry(state: CallState, { error, retryCount }: ShouldRetryState): Promise<boolean> {
  const failure = await failureOf(state, error);
  const serverDelayMs = (failure as { retryAfterMs?: number }).retryAfterMs;
  const delay = isRetryableFailure(failure)
    ? retryDelay(retryCount - 1, serverDelayMs, state.transport.config.maxRetryDelayMs)
    : undefined;
  const { deadline } = state;
  const isLast =
    delay === undefined || (deadline !== undefined && performance.now() + delay.waitMs >= deadline.at);
  state.waitMs = isLast ? 0 : delay.waitMs;
  record(state, failure, state.waitMs, isLast ? undefined : delay.source);
  state.isRetrying = !isLast;
  return !isLast;
}

/**
 * Writes a call's JSON body once, before any attempt, as the client's ky instance would: a body that cannot
 * be written (a BigInt, a cycle) is the caller's to fix, an `invalid_request` error. The text, when nothing
 * may replace the body ({@link Sender.isBodyKnown}), so that fetch gets it; else `undefined`, and ky writes
 * the body itself, for its hooks to see.
 */
function writeBody(sender: Sender, json: unknown): Result<string | undefined, InvalidRequestError> {
  if (json === undefined) return ok(undefined);
  return stringifyJson(json, sender.stringify)
    .map((text) => (sender.isBodyKnown ? text : undefined))
    .mapErr((error) => newInvalidRequestError("body", `cannot be sent as JSON: ${error.message}`));
}

/** Why a call ky gave up on failed, from what it threw: the one place ky's errors become ChatwireErrors. */
async function callFailure(state: CallState, error: unknown): Promise<ChatwireError> {
  if (state.call.signal?.aborted) return newAbortedError();
  if (state.isRecorded && !state.isRetrying && state.failure !== undefined) return state.failure;
  const failure = await failureOf(state, error);
  if (!state.isRecorded) record(state, failure, 0, undefined);
  return failure;
}

/**
 * Sends a call through the client's ky instance and waits for a 2xx response's headers. ky makes the
 * attempts: its per-attempt timeout bounds the wait for the headers (`first_byte`), its retry loop retries
 * what chatwire's rules retry ({@link shouldRetry}) after the wait they give, and runs the user's hooks
 * (`withHooks`, `withKy`) on every attempt. Redirects are never followed. Every attempt is recorded, on
 * the response and on the final error. Never rejects.
 */
export async function openResponse(
  transport: Transport,
  call: HttpCall,
): Promise<Result<OpenResponse, ChatwireError>> {
  const { clock } = transport.config;
  const { signal } = call;
  if (transport.problem !== undefined) return err(transport.problem);
  if (signal?.aborted) return err(newAbortedError());
  const startedAtMs = clock();
  const what = `${call.method} ${callUrl(transport.baseUrl, call)}`;
  const loaded = await ResultAsync.fromPromise(transport.sender(), (error) =>
    newNetworkError(`${what} failed: ky did not load (${String(error)})`),
  );
  if (loaded.isErr()) return err(loaded.error);
  const sender = loaded.value;
  const written = writeBody(sender, call.json);
  if (written.isErr()) return err(written.error);
  const body = written.value;
  const deadline =
    call.deadline === undefined
      ? undefined
      : { at: performance.now() + call.deadline.timeoutMs, ...call.deadline };
  const state: CallState = {
    transport,
    sender,
    body,
    call,
    deadline,
    what,
    records: [],
    guard: newCallGuard(signal, deadline),
    tries: 0,
    startMs: startedAtMs,
    headersAtMs: startedAtMs,
    status: undefined,
    isRecorded: true,
    isRetrying: false,
    isDeadlineFirst: false,
    answerFailure: undefined,
    failure: undefined,
    waitMs: 0,
  };
  const options: Options = {
    method: call.method,
    headers:
      call.json === undefined
        ? { accept: call.accept }
        : { accept: call.accept, "content-type": "application/json" },
    ...(body !== undefined ? { body } : call.json === undefined ? {} : { json: call.json }),
    ...(signal === undefined ? {} : { signal }),
    timeout: timerDelayMs(call.firstByteTimeoutMs),
    retry: {
      limit: call.maxRetries,
      shouldRetry: (retry) => shouldRetry(state, retry),
      delay: () => state.waitMs,
    },
    fetch: ((request: Request, init?: RequestInit) => sendAttempt(state, request, init)) as FetchFunction,
  };
  const sent = await ResultAsync.fromPromise(
    Promise.resolve().then(() => sender.ky(call.path, options)),
    (error) => error,
  );
  if (sent.isErr() || sent.value === undefined) {
    const failure = sent.isErr()
      ? await callFailure(state, sent.error)
      : (state.failure ?? newNetworkError(`${state.what} failed: a hook stopped the call`));
    const attempts = state.records;
    // Retries cost time the caller did not see: the message says how many attempts and over how long.
    const message =
      attempts.length > 1
        ? `${failure.message} (${attempts.length} attempts over ${spanText(clock() - startedAtMs)})`
        : failure.message;
    return err(withoutSecrets({ ...failure, message, attempts }, transport.secrets));
  }
  const response = sent.value;
  // A beforeRequest hook may answer without any attempt.
  if (state.tries === 0) state.headersAtMs = clock();
  state.status = response.status;
  record(state, undefined, 0, undefined);
  const { guard } = state;
  watchPhase(guard, "idle", call.idleTimeoutMs);
  return ok(
    definedOnly<OpenResponse>({
      response: fetchReply(response),
      guard,
      startedAtMs,
      headersAtMs: state.headersAtMs,
      attempts: state.records,
      requestId: requestIdOf(response.headers, undefined, transport.secrets),
    }),
  );
}
