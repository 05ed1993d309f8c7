import type { Attributes } from "@opentelemetry/api";
import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { CallTiming } from "../timing/call-timing.ts";

type Loose = { readonly [field: string]: unknown } | null | undefined;

/** A response or the figures gathered from a stream's chunks, as the attributes read them. */
export interface ResponseSummary {
  readonly id?: unknown;
  readonly model?: unknown;
  readonly finishReasons: readonly string[];
  readonly usage?: Loose;
}

const count = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

/** Token counts; `undefined` where the server did not report one. */
export interface TokenCounts {
  readonly input: number | undefined;
  readonly output: number | undefined;
}

/** The input and output token counts a server reported, when it did. */
export function tokenCounts(usage: Loose): TokenCounts {
  return { input: count(usage?.prompt_tokens), output: count(usage?.completion_tokens) };
}

/** The conventions' `gen_ai.response.*` and `gen_ai.usage.*` attributes of a response. */
export function responseAttributes(summary: ResponseSummary): Attributes {
  const { usage } = summary;
  const tokens = tokenCounts(usage);
  return {
    "gen_ai.response.id": typeof summary.id === "string" && summary.id !== "" ? summary.id : undefined,
    "gen_ai.response.model":
      typeof summary.model === "string" && summary.model !== "" ? summary.model : undefined,
    "gen_ai.response.finish_reasons":
      summary.finishReasons.length > 0 ? [...summary.finishReasons] : undefined,
    "gen_ai.usage.input_tokens": tokens.input,
    "gen_ai.usage.output_tokens": tokens.output,
    "gen_ai.usage.cache_read.input_tokens": count((usage?.prompt_tokens_details as Loose)?.cached_tokens),
    "gen_ai.usage.reasoning.output_tokens": count(
      (usage?.completion_tokens_details as Loose)?.reasoning_tokens,
    ),
  };
}

/** The finish reasons of a response's choices, in order, those it sent. */
export function finishReasons(choices: readonly { readonly finish_reason?: unknown }[]): string[] {
  const reasons: string[] = [];
  for (const choice of choices)
    if (typeof choice.finish_reason === "string") reasons.push(choice.finish_reason);
  return reasons;
}

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** A plain object's number and string fields under a prefix, names in snake_case. */
function prefixed(prefix: string, figures: object | undefined): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(figures ?? {})) {
    if (typeof value === "number" || typeof value === "string")
      attributes[`${prefix}${snakeCase(name)}`] = value;
  }
  return attributes;
}

/**
 * chatwire's own figures under `chatwire.`: headers and total latency, the attempt count, what the server
 * reported about its time (`chatwire.server.queue_ms`, `prompt_ms`, `decode_ms`... normalised to
 * milliseconds) and the split of the call's time (`chatwire.breakdown.*_ms`).
 */
export function timingAttributes(timing: CallTiming, requestId: string | undefined): Attributes {
  return {
    "chatwire.request_id": requestId,
    "chatwire.headers_latency_ms": timing.headersLatencyMs,
    "chatwire.total_latency_ms": timing.totalLatencyMs,
    "chatwire.attempt_count": timing.attempts.length,
    ...prefixed("chatwire.server.", timing.server),
    ...prefixed("chatwire.breakdown.", timing.breakdown),
  };
}

/** `error.type`: the HTTP status of an `http` error, else chatwire's error kind (`timeout`, `network`...). */
export function errorType(error: ChatwireError): string {
  return error.kind === "http" ? String(error.status) : error.kind;
}

/** The attempts a failure carries, when it got that far. */
export function errorAttempts(error: ChatwireError): readonly AttemptRecord[] {
  return "attempts" in error && error.attempts !== undefined ? error.attempts : [];
}
