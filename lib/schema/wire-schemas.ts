import type { WireChatCompletion, WireModelList } from "../response/response-types.ts";
import {
  arrayOf,
  fits,
  isNumber,
  isString,
  objectWith,
  orMissing,
  orNull,
  type ShapeCheck,
  type WireShape,
} from "./wire-shape.ts";

// Hand-written checks of exactly the fields chatwire reads, made in place: every other field is kept as sent,
// and a missing optional field stays missing. They replace valibot schemas here (issue 6): the same answers
// at a fraction of the CPU per response, without valibot in a bundle that only makes non-streaming calls.

/** The token counts of a response, where it reports them. */
export const usageShape: ShapeCheck = orMissing(
  orNull(
    objectWith({
      prompt_tokens: isNumber,
      completion_tokens: isNumber,
      total_tokens: orMissing(isNumber),
    }),
  ),
);

const toolCallShape = objectWith({
  id: isString,
  type: orMissing((value) => fits(value === "function", '"function"')),
  function: objectWith({ name: isString, arguments: isString }),
});

const contentShape: ShapeCheck = (value) =>
  fits(
    value === undefined || value === null || typeof value === "string" || Array.isArray(value),
    "a string, an array of parts or null",
  );

/** The fields of a non-streaming response that chatwire reads. */
export const chatCompletionSchema: WireShape<WireChatCompletion> = objectWith({
  id: isString,
  model: isString,
  created: orMissing(isNumber),
  choices: arrayOf(
    objectWith({
      index: isNumber,
      message: objectWith({
        role: orMissing(isString),
        content: contentShape,
        refusal: orMissing(orNull(isString)),
        tool_calls: orMissing(arrayOf(toolCallShape)),
      }),
      finish_reason: orNull(isString),
    }),
  ),
  usage: usageShape,
});

/** The fields of a `GET /models` answer that chatwire reads. */
export const modelListSchema: WireShape<WireModelList> = objectWith({
  data: arrayOf(objectWith({ id: isString })),
});
