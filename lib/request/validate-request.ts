import { err, ok, type Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import type { ChatCompletionRequest } from "./chat-completion-request.ts";

type Check = (request: ChatCompletionRequest) => InvalidRequestError | undefined;

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function range(
  field: string,
  value: unknown,
  min: number,
  max: number,
  integer = false,
): InvalidRequestError | undefined {
  if (value === undefined) return undefined;
  if (!isNumber(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const bound = max === Number.POSITIVE_INFINITY ? `at least ${min}` : `from ${min} to ${max}`;
    return newInvalidRequestError(
      field,
      `must be ${integer ? "an integer" : "a number"} ${bound}, got ${String(value)}`,
    );
  }
  return undefined;
}

type BodyCheck = (body: Readonly<Record<string, unknown>>) => InvalidRequestError | undefined;

const isObject = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Vendor fields (`withTopK`, `withMinP`...) whose ranges the servers that read them share. */
const vendorChecks: readonly BodyCheck[] = [
  // vLLM turns top_k off with -1 (older versions) or 0; every other server with 0.
  (body) => range("top_k", body.top_k, -1, Number.POSITIVE_INFINITY, true),
  (body) => range("min_p", body.min_p, 0, 1),
  (body) => {
    const penalty = body.repetition_penalty;
    if (penalty === undefined || (isNumber(penalty) && penalty > 0)) return undefined;
    return newInvalidRequestError("repetition_penalty", `must be a number > 0, got ${String(penalty)}`);
  },
  (body) => range("random_seed", body.random_seed, 0, Number.MAX_SAFE_INTEGER, true),
  (body) =>
    body.safe_prompt === undefined || typeof body.safe_prompt === "boolean"
      ? undefined
      : newInvalidRequestError("safe_prompt", "must be a boolean"),
  (body) =>
    body.prompt_mode === undefined || typeof body.prompt_mode === "string"
      ? undefined
      : newInvalidRequestError("prompt_mode", "must be a string"),
  (body) =>
    body.guided_json === undefined || isObject(body.guided_json)
      ? undefined
      : newInvalidRequestError("guided_json", "must be a JSON schema object"),
  (body) =>
    body.chat_template_kwargs === undefined || isObject(body.chat_template_kwargs)
      ? undefined
      : newInvalidRequestError("chat_template_kwargs", "must be an object"),
];

const samplingChecks: readonly BodyCheck[] = [
  (body) => range("temperature", body.temperature, 0, 2),
  (body) => range("top_p", body.top_p, 0, 1),
  (body) => range("n", body.n, 1, Number.POSITIVE_INFINITY, true),
  (body) => range("max_tokens", body.max_tokens, 1, Number.POSITIVE_INFINITY, true),
  (body) => range("max_completion_tokens", body.max_completion_tokens, 1, Number.POSITIVE_INFINITY, true),
  (body) => range("frequency_penalty", body.frequency_penalty, -2, 2),
  (body) => range("presence_penalty", body.presence_penalty, -2, 2),
  (body) => range("top_logprobs", body.top_logprobs, 0, 20, true),
  (body) => range("seed", body.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
  (body) => {
    const bias: unknown = body.logit_bias;
    if (bias === undefined) return undefined;
    if (typeof bias !== "object" || bias === null || Array.isArray(bias)) {
      return newInvalidRequestError("logit_bias", "must be an object mapping token ids to numbers");
    }
    const entry = Object.entries(bias).find(([, value]) => range("", value, -100, 100) !== undefined);
    return entry === undefined
      ? undefined
      : newInvalidRequestError(
          `logit_bias.${entry[0]}`,
          `must be a number from -100 to 100, got ${String(entry[1])}`,
        );
  },
  (body) => {
    const { stop } = body;
    if (stop === undefined || typeof stop === "string") return undefined;
    return Array.isArray(stop) && stop.every((item) => typeof item === "string")
      ? undefined
      : newInvalidRequestError("stop", "must be a string or an array of strings");
  },
  ...vendorChecks,
];

/**
 * Checks the sampling fields a chat request and a text completion request share (temperature, top_p, n,
 * token limits, penalties, seed, logit bias, stop, and the vendor fields top_k, min_p,
 * repetition_penalty...): the first problem found, naming its field.
 */
export function samplingProblem(body: Readonly<Record<string, unknown>>): InvalidRequestError | undefined {
  for (const check of samplingChecks) {
    const problem = check(body);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const checks: readonly Check[] = [
  ({ problems }) => problems?.[0],
  ({ body }) =>
    typeof body.model === "string" && body.model.trim() !== ""
      ? undefined
      : newInvalidRequestError("model", "must be a non-empty string"),
  ({ body }) =>
    Array.isArray(body.messages) && body.messages.length > 0
      ? undefined
      : newInvalidRequestError("messages", "must hold at least one message"),
  ({ body }) => {
    const index = body.messages.findIndex(
      (message) => typeof message !== "object" || message === null || typeof message.role !== "string",
    );
    return index < 0
      ? undefined
      : newInvalidRequestError(`messages.${index}`, "must be a message with a role");
  },
  ({ body }) => samplingProblem(body),
  ({ body }) => {
    const tools: unknown = body.tools;
    if (tools === undefined) return undefined;
    if (!Array.isArray(tools)) return newInvalidRequestError("tools", "must be an array of tools");
    const index = tools.findIndex((tool: unknown) => {
      const name = (tool as { function?: { name?: unknown } } | null | undefined)?.function?.name;
      return typeof name !== "string" || name === "";
    });
    return index < 0
      ? undefined
      : newInvalidRequestError(`tools.${index}.function.name`, "must be a non-empty string");
  },
  ({ timeoutMs }) => range("timeoutMs", timeoutMs, 1, Number.POSITIVE_INFINITY),
];

/** Checks a request before sending it: the first problem found, naming its field, or the request itself. */
export function validateRequest(
  request: ChatCompletionRequest,
): Result<ChatCompletionRequest, InvalidRequestError> {
  for (const check of checks) {
    const problem = check(request);
    if (problem !== undefined) return err(problem);
  }
  return ok(request);
}
