import { Result } from "neverthrow";

/**
 * Parses JSON text. `JSON.parse` already keeps a `__proto__` key as plain data on the object it builds;
 * chatwire never copies parsed objects with assignment, so such keys stay inert.
 */
export const parseJson: (text: string) => Result<unknown, SyntaxError> = Result.fromThrowable(
  (text: string): unknown => JSON.parse(text),
  (error) => (error instanceof SyntaxError ? error : new SyntaxError(String(error))),
);
