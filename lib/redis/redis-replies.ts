import { err, ok, type Result } from "neverthrow";
import * as v from "valibot";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newDecodeError, toSnippet } from "../errors/new-errors.ts";
import { stringifyJson } from "../internal/json.ts";
import type { StoreAnswer, StoreEjection } from "../router/router-store.ts";

/** A duration a script returns: whole milliseconds, within what a timer can wait (about 24.8 days). */
const durationMs = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2_147_483_647));
const reason = v.pipe(v.string(), v.maxLength(200));

/** What the write scripts return: 1, or 0 when there was nothing to correct. */
const writeReply = v.picklist([0, 1]);

const beginReplies = new Map<number, v.GenericSchema<unknown, readonly (number | string)[]>>();

/** The reply of the begin script for `endpoints` endpoints: a wait, then a cool-down and a reason for each. */
function beginReply(endpoints: number): v.GenericSchema<unknown, readonly (number | string)[]> {
  let schema = beginReplies.get(endpoints);
  if (schema === undefined) {
    schema = v.tuple([durationMs, ...Array.from({ length: endpoints }, () => [durationMs, reason]).flat()]);
    beginReplies.set(endpoints, schema);
  }
  return schema;
}

const garbage = (reply: unknown): ChatwireError =>
  newDecodeError(
    "the store answered something that is not a chatwire reply",
    undefined,
    toSnippet(
      stringifyJson(reply)
        .map((text) => String(text ?? reply))
        .unwrapOr("(nested too deeply to show)"),
      200,
    ),
  );

/** Reads the begin script's reply for `endpoints` endpoints into a store answer. */
export function parseBeginReply(reply: unknown, endpoints: number): Result<StoreAnswer, ChatwireError> {
  const parsed = v.safeParse(beginReply(endpoints), reply);
  if (!parsed.success) return err(garbage(reply));
  const [waitMs, ...pairs] = parsed.output;
  const ejections: StoreEjection[] = [];
  for (let index = 0; index < pairs.length; index += 2)
    ejections.push({ forMs: Number(pairs[index]), reason: String(pairs[index + 1]) });
  return ok({ waitMs: Number(waitMs), ejections });
}

/** Checks a write script's reply. */
export function parseWriteReply(reply: unknown): Result<undefined, ChatwireError> {
  return v.is(writeReply, reply) ? ok(undefined) : err(garbage(reply));
}
