// Schema and public type cannot drift: each exported schema is declared as a valibot schema of its public
// type, so a schema whose output does not fit the type fails to compile (the @ts-expect-error cases show
// it), and the public types are the ones the schemas describe.
import * as v from "valibot";
import { expectTypeOf, test } from "vitest";
import type {
  ResponseToolCall,
  ToolCallDelta,
  Usage,
  WireChatCompletion,
  WireChunk,
  WireModelList,
  WireTextCompletion,
  WireTextCompletionChunk,
} from "../../lib/index.ts";
import type { chatCompletionSchema } from "../../lib/schema/chat-completion-schema.ts";
import type { chunkSchema } from "../../lib/schema/chunk-schema.ts";
import type { modelListSchema } from "../../lib/schema/model-list-schema.ts";
import type { textChunkSchema, textCompletionSchema } from "../../lib/schema/text-completion-schemas.ts";
import type { toolCallDeltaSchema, toolCallSchema } from "../../lib/schema/tool-call-schemas.ts";
import type { usageSchema } from "../../lib/schema/usage-schema.ts";

test("each schema's output is the public wire type", () => {
  expectTypeOf<v.InferOutput<typeof chatCompletionSchema>>().toEqualTypeOf<WireChatCompletion>();
  expectTypeOf<v.InferOutput<typeof chunkSchema>>().toEqualTypeOf<WireChunk>();
  expectTypeOf<v.InferOutput<typeof textCompletionSchema>>().toEqualTypeOf<WireTextCompletion>();
  expectTypeOf<v.InferOutput<typeof textChunkSchema>>().toEqualTypeOf<WireTextCompletionChunk>();
  expectTypeOf<v.InferOutput<typeof modelListSchema>>().toEqualTypeOf<WireModelList>();
  expectTypeOf<v.InferOutput<typeof usageSchema>>().toEqualTypeOf<Usage>();
  expectTypeOf<v.InferOutput<typeof toolCallSchema>>().toEqualTypeOf<ResponseToolCall>();
  expectTypeOf<v.InferOutput<typeof toolCallDeltaSchema>>().toEqualTypeOf<ToolCallDelta>();
});

test("a schema whose output does not fit its type does not compile", () => {
  // @ts-expect-error a delta content that may be a number is not a ChunkDelta's content
  const numberContent: v.GenericSchema<unknown, WireChunk> = v.object({
    choices: v.array(v.object({ index: v.number(), delta: v.object({ content: v.number() }) })),
  });
  // @ts-expect-error a usage without completion_tokens is not a Usage
  const halfUsage: v.GenericSchema<unknown, Usage> = v.object({ prompt_tokens: v.number() });
  // @ts-expect-error a finish reason that may be missing (undefined) is not a response choice's
  const optionalFinish: v.GenericSchema<unknown, WireChatCompletion> = v.object({
    id: v.string(),
    model: v.string(),
    choices: v.array(
      v.object({ index: v.number(), message: v.object({}), finish_reason: v.optional(v.string()) }),
    ),
  });
  expectTypeOf(numberContent).not.toBeNever();
  expectTypeOf(halfUsage).not.toBeNever();
  expectTypeOf(optionalFinish).not.toBeNever();
});
