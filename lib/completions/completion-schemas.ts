import * as v from "valibot";
import type { WireTextCompletion } from "./completion-types.ts";

/** The fields of a text completion that chatwire reads; every other field is kept as sent. */
export const textCompletionSchema: v.GenericSchema<unknown, WireTextCompletion> = v.looseObject({
  id: v.string(),
  model: v.string(),
  created: v.exactOptional(v.number()),
  choices: v.array(
    v.looseObject({
      index: v.number(),
      text: v.string(),
      finish_reason: v.nullable(v.string()),
    }),
  ),
  usage: v.exactOptional(
    v.nullable(
      v.looseObject({
        prompt_tokens: v.number(),
        completion_tokens: v.number(),
        total_tokens: v.exactOptional(v.number()),
      }),
    ),
  ),
});
