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
  ({ body }) => range("temperature", body.temperature, 0, 2),
  ({ body }) => range("top_p", body.top_p, 0, 1),
  ({ body }) => range("n", body.n, 1, Number.POSITIVE_INFINITY, true),
  ({ body }) => range("max_tokens", body.max_tokens, 1, Number.POSITIVE_INFINITY, true),
  ({ body }) => range("max_completion_tokens", body.max_completion_tokens, 1, Number.POSITIVE_INFINITY, true),
  ({ body }) => range("frequency_penalty", body.frequency_penalty, -2, 2),
  ({ body }) => range("presence_penalty", body.presence_penalty, -2, 2),
  ({ body }) => range("top_logprobs", body.top_logprobs, 0, 20, true),
  ({ body }) => range("seed", body.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
  ({ body }) => {
    const entry = Object.entries(body.logit_bias ?? {}).find(
      ([, bias]) => range("", bias, -100, 100) !== undefined,
    );
    return entry === undefined
      ? undefined
      : newInvalidRequestError(
          `logit_bias.${entry[0]}`,
          `must be a number from -100 to 100, got ${String(entry[1])}`,
        );
  },
  ({ body }) => {
    const { stop } = body;
    if (stop === undefined || typeof stop === "string") return undefined;
    return Array.isArray(stop) && stop.every((item) => typeof item === "string")
      ? undefined
      : newInvalidRequestError("stop", "must be a string or an array of strings");
  },
  ({ body }) => {
    const { tools } = body;
    if (tools === undefined) return undefined;
    const index = tools.findIndex(
      (tool) => typeof tool?.function?.name !== "string" || tool.function.name === "",
    );
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
