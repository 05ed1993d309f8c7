import { Result } from "neverthrow";

// V8 quotes the text around a syntax error (`Unexpected token 's', "sk-proj-ab"... is not valid JSON`). That
// text is the server's and may hold a piece of a secret too short to be recognised, so the quote is dropped.
const quotedText = /(?:^|, )(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/;

/** A syntax error whose message does not quote the text that was parsed. */
function withoutQuotedText(error: unknown): SyntaxError {
  const message = error instanceof SyntaxError ? error.message : String(error);
  const kept = message.replace(quotedText, "");
  return new SyntaxError(kept === "" ? "not valid JSON" : kept);
}

/**
 * Parses JSON text. `JSON.parse` already keeps a `__proto__` key as plain data on the object it builds;
 * chatwire never copies parsed objects with assignment, so such keys stay inert. The error's message never
 * quotes the text.
 */
export const parseJson: (text: string) => Result<unknown, SyntaxError> = Result.fromThrowable(
  JSON.parse,
  withoutQuotedText,
);

/**
 * Writes a value as JSON text with `write` (`JSON.stringify` unless told): the text, or the error it threw
 * (a BigInt, a cycle, nesting too deep for the stack), as a Result rather than a throw.
 */
export function stringifyJson(
  value: unknown,
  write: (value: unknown) => string = JSON.stringify,
): Result<string, Error> {
  return Result.fromThrowable(write, (error) => (error instanceof Error ? error : new Error(String(error))))(
    value,
  );
}

/** What {@link parseJsonOrFailure} gives for text that is not JSON; `JSON.parse` never makes one. */
export class JsonFailure {
  readonly failure: SyntaxError;
  constructor(failure: SyntaxError) {
    this.failure = failure;
  }
}

/**
 * Parses JSON text on a hot path (one call per stream chunk): the value, or a {@link JsonFailure} with the
 * error `parseJson` gives, without a Result object per call.
 */
export function parseJsonOrFailure(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return new JsonFailure(withoutQuotedText(error));
  }
}
