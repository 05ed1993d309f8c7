import { isRecord } from "../internal/is-record.ts";

type Fields = Record<string, unknown>;

/**
 * Completes a parsed chunk in place, before its schema checks it, so that every chunk has the same shape:
 * a chunk sent without `choices` (or with `null`) gets an empty array, and with `withDelta` a choice sent
 * without `delta` (some servers leave it off the finish chunk) an empty object. `"error": null` is dropped:
 * on a chunk, `error` is chatwire's field, set only on a failed stream's last chunk. Anything that is not
 * an object is left for the schema to name.
 */
export function completeChunk(value: unknown, withDelta: boolean): unknown {
  if (!isRecord(value)) return value;
  const chunk = value as Fields;
  if (chunk.error === null) delete chunk.error;
  const { choices } = chunk;
  if (choices === undefined || choices === null) chunk.choices = [];
  else if (withDelta && Array.isArray(choices)) {
    for (let i = 0; i < choices.length; i++) {
      const choice: unknown = choices[i];
      if (isRecord(choice) && (choice.delta === undefined || choice.delta === null)) {
        (choice as Fields).delta = {};
      }
    }
  }
  return chunk;
}
