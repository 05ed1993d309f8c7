import { usageShape } from "../schema/wire-schemas.ts";
import {
  arrayOf,
  isNumber,
  isString,
  objectWith,
  orMissing,
  orNull,
  type WireShape,
} from "../schema/wire-shape.ts";
import type { WireTextCompletion } from "./completion-types.ts";

/** The fields of a text completion that chatwire reads; every other field is kept as sent. */
export const textCompletionSchema: WireShape<WireTextCompletion> = objectWith({
  id: isString,
  model: isString,
  created: orMissing(isNumber),
  choices: arrayOf(objectWith({ index: isNumber, text: isString, finish_reason: orNull(isString) })),
  usage: usageShape,
});
