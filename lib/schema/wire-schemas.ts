import * as v from "valibot";
import type { WireChatCompletion, WireModelList } from "../response/response-types.ts";

// Loose objects: every field chatwire does not read is kept as sent. `exactOptional`: a missing field
// stays missing rather than becoming `undefined`.
const optionalNullable = <T extends v.GenericSchema>(schema: T) => v.exactOptional(v.nullable(schema));

const toolCallSchema = v.looseObject({
  id: v.string(),
  type: v.exactOptional(v.literal("function")),
  function: v.looseObject({ name: v.string(), arguments: v.string() }),
});

const usageSchema = v.looseObject({
  prompt_tokens: v.number(),
  completion_tokens: v.number(),
  total_tokens: v.exactOptional(v.number()),
});

/** The fields of a non-streaming response that chatwire reads. */
export const chatCompletionSchema: v.GenericSchema<unknown, WireChatCompletion> = v.looseObject({
  id: v.string(),
  model: v.string(),
  created: v.exactOptional(v.number()),
  choices: v.array(
    v.looseObject({
      index: v.number(),
      message: v.looseObject({
        role: v.exactOptional(v.string()),
        content: optionalNullable(v.union([v.string(), v.array(v.unknown())])),
        refusal: optionalNullable(v.string()),
        tool_calls: v.exactOptional(v.array(toolCallSchema)),
      }),
      finish_reason: v.nullable(v.string()),
    }),
  ),
  usage: optionalNullable(usageSchema),
});

/** The fields of a `GET /models` answer that chatwire reads. */
export const modelListSchema: v.GenericSchema<unknown, WireModelList> = v.looseObject({
  data: v.array(v.looseObject({ id: v.string() })),
});
