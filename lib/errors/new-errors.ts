import * as v from "valibot";
import type {
  AbortedError,
  DecodeError,
  InvalidRequestError,
  NetworkError,
  OutputError,
  TimeoutError,
  TimeoutPhase,
} from "./chatwire-error.ts";

/** Cuts text to the length kept in snippets (512 characters unless told), marking the cut with `…`. */
export function toSnippet(text: string, length = 512): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Creates an `invalid_request` error naming the field at fault. */
export function newInvalidRequestError(field: string, problem: string): InvalidRequestError {
  return {
    kind: "invalid_request",
    message: `invalid request: ${field} ${problem}`,
    field,
    retryable: false,
  };
}

const phaseNames: Readonly<Record<TimeoutPhase, string>> = {
  total: "the request",
  first_byte: "the first response byte",
  idle: "the next stream chunk",
  stream: "the end of the stream",
};

/** Creates a `timeout` error saying which wait ran out. */
export function newTimeoutError(timeout: TimeoutPhase, timeoutMs: number): TimeoutError {
  return {
    kind: "timeout",
    message: `timed out after ${timeoutMs} ms waiting for ${phaseNames[timeout]}`,
    timeout,
    timeoutMs,
    retryable: true,
  };
}

/** Creates an `aborted` error. */
export function newAbortedError(): AbortedError {
  return { kind: "aborted", message: "the request was aborted by the caller", retryable: false };
}

/** Creates a `network` error; `cause` must already be free of secrets. */
export function newNetworkError(message: string, cause?: string): NetworkError {
  return { kind: "network", message, ...(cause === undefined ? {} : { cause }), retryable: true };
}

/** Creates a `decode` error, with the path of the field at fault and a snippet of what arrived when known. */
export function newDecodeError(message: string, field?: string, received?: string): DecodeError {
  return {
    kind: "decode",
    message,
    ...(field === undefined ? {} : { field }),
    ...(received === undefined ? {} : { bodySnippet: toSnippet(received) }),
    retryable: false,
  };
}

/** Creates an `output` error. */
export function newOutputError(reason: OutputError["reason"], message: string, path?: string): OutputError {
  return { kind: "output", message, reason, ...(path === undefined ? {} : { path }), retryable: false };
}

/**
 * What a valibot issue says: `missing` for a field left out, else what was expected (the check's name when
 * valibot names no value, as for `integer`) and what came. A string that came is named by its type only:
 * its text is the server's and may hold a piece of a secret too short to be recognised.
 */
function issueProblem(issue: v.BaseIssue<unknown>): string {
  const last = issue.path?.at(-1);
  if (last !== undefined && "origin" in last && last.origin === "key") return "missing";
  const received = typeof issue.input === "string" ? "string" : issue.received;
  return `expected ${issue.expected ?? issue.type}, received ${toSnippet(received, 40)}`;
}

/**
 * Creates the `decode` error of a value that is JSON but not the shape chatwire reads: it names `what`,
 * the path of valibot's first issue (`choices.0.delta.content: expected string, received 5`) as the
 * message and as `field`, and keeps a snippet of what arrived (free of secrets already).
 */
export function newShapeError(what: string, issue: v.BaseIssue<unknown>, received: string): DecodeError {
  const field = v.getDotPath(issue) ?? "";
  const where = field === "" ? ": " : ` at ${field}: `;
  return newDecodeError(
    `${what} does not have the expected shape${where}${issueProblem(issue)}`,
    field,
    received,
  );
}
