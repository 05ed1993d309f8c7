import { err, ok, type Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { numberProblem } from "../errors/number-problem.ts";
import { isRecord } from "../internal/is-record.ts";
import type { ChatCompletionRequest } from "./chat-completion-request.ts";
import type { RequestSettings } from "./request-settings.ts";

type Problem = InvalidRequestError | undefined;
type Body = Readonly<Record<string, unknown>>;
type BodyCheck = (body: Body) => Problem;

const unbounded = Infinity;
const maxSafe = Number.MAX_SAFE_INTEGER;

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** `value` within `[min, max]` (an integer when told), or the problem naming `field`; `undefined` passes. */
function range(field: string, value: unknown, min: number, max: number, integer?: boolean): Problem {
  return value === undefined ||
    (isNumber(value) && value >= min && value <= max && (!integer || Number.isInteger(value)))
    ? undefined
    : newInvalidRequestError(
        field,
        `must be ${integer ? "an integer" : "a number"} ${max === unbounded ? `at least ${min}` : `from ${min} to ${max}`}, got ${String(value)}`,
      );
}

// The body checks are made by two small factories over a table rather than one closure each: the table is
// what a bundle carries on every client (issue 6).

/** A body field that must be a number in a range when set. */
const inRange =
  (field: string, min: number, max: number, integer?: boolean): BodyCheck =>
  (body) =>
    range(field, body[field], min, max, integer);

/** A body field that, when set, must pass `fits`; the problem says it "must be" `what`. */
const holds =
  (field: string, fits: (value: unknown) => boolean, what: string): BodyCheck =>
  (body) =>
    body[field] === undefined || fits(body[field])
      ? undefined
      : newInvalidRequestError(field, `must be ${what}`);

const samplingChecks: readonly BodyCheck[] = [
  inRange("temperature", 0, 2),
  inRange("top_p", 0, 1),
  inRange("n", 1, unbounded, true),
  inRange("max_tokens", 1, unbounded, true),
  inRange("max_completion_tokens", 1, unbounded, true),
  inRange("frequency_penalty", -2, 2),
  inRange("presence_penalty", -2, 2),
  inRange("top_logprobs", 0, 20, true),
  inRange("seed", -maxSafe, maxSafe, true),
  (body) => {
    const bias = body.logit_bias;
    if (bias === undefined) return undefined;
    if (!isRecord(bias)) {
      return newInvalidRequestError("logit_bias", "must be an object mapping token ids to numbers");
    }
    for (const [token, value] of Object.entries(bias)) {
      const problem = range(`logit_bias.${token}`, value, -100, 100);
      if (problem !== undefined) return problem;
    }
    return undefined;
  },
  holds(
    "stop",
    (stop) =>
      typeof stop === "string" || (Array.isArray(stop) && stop.every((item) => typeof item === "string")),
    "a string or an array of strings",
  ),
  // Vendor fields (`withTopK`, `withMinP`...) whose ranges the servers that read them share.
  // vLLM turns top_k off with -1 (older versions) or 0; every other server with 0.
  inRange("top_k", -1, unbounded, true),
  inRange("min_p", 0, 1),
  (body) => {
    const penalty = body.repetition_penalty;
    return penalty === undefined || (isNumber(penalty) && penalty > 0)
      ? undefined
      : newInvalidRequestError("repetition_penalty", `must be a number > 0, got ${String(penalty)}`);
  },
  inRange("random_seed", 0, maxSafe, true),
  holds("safe_prompt", (value) => typeof value === "boolean", "a boolean"),
  holds("prompt_mode", (value) => typeof value === "string", "a string"),
  holds("guided_json", isRecord, "a JSON schema object"),
  holds("chat_template_kwargs", isRecord, "an object"),
];

/**
 * Checks the sampling fields a chat request and a text completion request share (temperature, top_p, n,
 * token limits, penalties, seed, logit bias, stop, and the vendor fields top_k, min_p,
 * repetition_penalty...): the first problem found, naming its field.
 */
function samplingProblem(body: Body): InvalidRequestError | undefined {
  for (const check of samplingChecks) {
    const problem = check(body);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Whether a value names a model: a string with more than blanks. */
export const isModelName = (value: unknown): boolean => typeof value === "string" && value.trim() !== "";

/**
 * Checks a chat or text completion request before sending it, in this order: the problems its options
 * recorded, the model (a non-empty string), `before` (what its kind sends: messages, a prompt), the
 * sampling fields, `after` (the rest of its kind's fields), then its own settings (`withTimeout`,
 * `withRetries`). Returns the first problem found, naming its field, or the request itself.
 */
export function checkRequest<R extends RequestSettings & { readonly body: Body }>(
  request: R,
  before: BodyCheck,
  after: BodyCheck,
): Result<R, InvalidRequestError> {
  const { body, maxRetries } = request;
  const problem =
    request.problems?.[0] ??
    (isModelName(body.model) ? undefined : newInvalidRequestError("model", "must be a non-empty string")) ??
    before(body) ??
    samplingProblem(body) ??
    after(body) ??
    range("timeoutMs", request.timeoutMs, 1, unbounded) ??
    range("streamTimeoutMs", request.streamTimeoutMs, 1, unbounded) ??
    numberProblem("maxRetries", maxRetries, "count");
  return problem === undefined ? ok(request) : err(problem);
}

/** The messages of a chat request: at least one, each an object with a role. */
function messagesProblem(body: Body): Problem {
  const messages: unknown = body.messages;
  return Array.isArray(messages) && messages.length > 0
    ? firstAt("messages", messages, (message) =>
        typeof message === "object" && message !== null && typeof (message as Body).role === "string"
          ? undefined
          : "must be a message with a role",
      )
    : newInvalidRequestError("messages", "must hold at least one message");
}

/** The tools of a chat request, when it has some: an array of tools, each naming its function. */
function toolsProblem(body: Body): Problem {
  const tools: unknown = body.tools;
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return newInvalidRequestError("tools", "must be an array of tools");
  return firstAt(
    "tools",
    tools,
    (tool) => {
      const name = (tool as { function?: { name?: unknown } } | null)?.function?.name;
      return typeof name === "string" && name !== "" ? undefined : "must be a non-empty string";
    },
    ".function.name",
  );
}

/** Checks a chat request before sending it: the first problem found, naming its field, or the request itself. */
export function validateRequest(
  request: ChatCompletionRequest,
): Result<ChatCompletionRequest, InvalidRequestError> {
  return checkRequest(request, messagesProblem, toolsProblem);
}

/** The first item of a list that `problemOf` finds fault with, as a problem naming `field.index` (+ `suffix`). */
function firstAt(
  field: string,
  items: readonly unknown[],
  problemOf: (item: unknown) => string | undefined,
  suffix = "",
): Problem {
  for (let index = 0; index < items.length; index++) {
    const problem = problemOf(items[index]);
    if (problem !== undefined) return newInvalidRequestError(`${field}.${index}${suffix}`, problem);
  }
  return undefined;
}
