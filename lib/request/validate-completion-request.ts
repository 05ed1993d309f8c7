import type { Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { numberProblem } from "../errors/number-problem.ts";
import type { CompletionRequest } from "./completion-request.ts";
import { checkRequest } from "./validate-request.ts";

const isTokenList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((token) => Number.isSafeInteger(token) && (token as number) >= 0);

function promptProblem(prompt: unknown): InvalidRequestError | undefined {
  if (typeof prompt === "string") return undefined;
  if (Array.isArray(prompt) && prompt.length > 0) {
    if (prompt.every((item) => typeof item === "string") || isTokenList(prompt)) return undefined;
    if (prompt.every((item) => isTokenList(item) && (item as unknown[]).length > 0)) return undefined;
  }
  return newInvalidRequestError(
    "prompt",
    "must be a string, an array of strings, an array of token ids or an array of token id arrays",
  );
}

/** Checks a text completion request before sending it: the first problem found, naming its field. */
export function validateCompletionRequest(
  request: CompletionRequest,
): Result<CompletionRequest, InvalidRequestError> {
  return checkRequest(
    request,
    (body) => promptProblem(body.prompt),
    (body) => numberProblem("logprobs", body.logprobs, "count"),
  );
}
