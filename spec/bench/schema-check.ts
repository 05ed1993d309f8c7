// The per-chunk cost of checking a stream chunk with its valibot schema (issue 14: "choose the valibot
// formulation by the numbers"), on the chunks of a real recorded stream. Run by hand:
//   node spec/bench/schema-check.ts [fixture path under spec/fixtures/streams] [--rounds N]
// Each round parses every chunk of the stream N times and times, in alternation so both see the same
// machine: JSON.parse alone (the floor), JSON.parse + the check the chunk iterator makes (`shapeIssue`
// with `chunkSchema`: `v.is` on the parsed object, no copy), and the formulations not taken: `nullish`
// wrappers instead of `exactOptional(nullable(...))`, the in-place completion outside the pipe, a
// `looseObject` copy of every field, and a schema that checks only each choice's `index` and
// `finish_reason` (cheaper, but it leaves the delta fields chatwire reads unchecked). Other object schemas
// run first, so valibot's object check is as polymorphic as in the product. It prints medians in µs per
// chunk; a check's cost is the difference from the floor.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as v from "valibot";
import { chatCompletionSchema } from "../../lib/schema/chat-completion-schema.ts";
import { chunkSchema } from "../../lib/schema/chunk-schema.ts";
import { completeChunk } from "../../lib/schema/complete-chunk.ts";
import { shapeIssue } from "../../lib/schema/shape-issue.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: "string", default: "21" } },
});
const fixture = positionals[0] ?? "openai/text-with-usage.sse";
const rounds = Number(values.rounds);
const text = readFileSync(new URL(`../fixtures/streams/${fixture}`, import.meta.url), "utf8");
const datas = text
  .split("\n")
  .filter((line) => line.startsWith("data:") && !line.includes("[DONE]"))
  .map((line) => line.slice(5).trim());
const perRound = 100_000;

const text_ = v.exactOptional(v.nullable(v.string()));
const copyingSchema = v.pipe(
  v.unknown(),
  v.transform((value: unknown) => completeChunk(value, true)),
  v.looseObject({
    choices: v.array(
      v.looseObject({
        index: v.pipe(v.number(), v.integer(), v.minValue(0)),
        finish_reason: text_,
        delta: v.looseObject({
          role: text_,
          content: v.exactOptional(v.nullable(v.union([v.string(), v.array(v.unknown())]))),
          refusal: text_,
          reasoning_content: text_,
          reasoning: text_,
          tool_calls: v.exactOptional(v.nullable(v.array(v.looseObject({ id: text_ })))),
        }),
      }),
    ),
    usage: v.exactOptional(
      v.nullable(v.looseObject({ prompt_tokens: v.number(), completion_tokens: v.number() })),
    ),
  }),
);

const nullishText = v.nullish(v.string());
const index = v.pipe(v.number(), v.integer(), v.minValue(0));
const nullishSchema = v.object({
  choices: v.array(
    v.object({
      index,
      finish_reason: nullishText,
      delta: v.object({
        role: nullishText,
        content: v.nullish(v.union([v.string(), v.array(v.unknown())])),
        refusal: nullishText,
        reasoning_content: nullishText,
        reasoning: nullishText,
        tool_calls: v.nullish(
          v.array(
            v.object({
              index: v.nullish(index),
              id: nullishText,
              type: nullishText,
              function: v.nullish(v.object({ name: nullishText, arguments: nullishText })),
            }),
          ),
        ),
      }),
    }),
  ),
  usage: v.nullish(
    v.object({
      prompt_tokens: v.number(),
      completion_tokens: v.number(),
      total_tokens: v.optional(v.number()),
    }),
  ),
});
// The object step of `chunkSchema` itself, for the completion called outside the pipe.
const chunkObject = (chunkSchema as unknown as { readonly pipe: readonly v.GenericSchema[] }).pipe[2];
const choiceEndsOnly = v.object({ choices: v.array(v.object({ index, finish_reason: text_ })) });

const response = JSON.parse(
  readFileSync(
    new URL("../fixtures/responses/openai/json-schema-structured-output.json", import.meta.url),
    "utf8",
  ),
) as unknown;
for (let i = 0; i < 2_000; i++) v.is(chatCompletionSchema, structuredClone(response));

const cases: ReadonlyArray<readonly [string, (value: unknown) => boolean]> = [
  ["JSON.parse only", () => true],
  ["+ chunkSchema (v.is, kept)", (value) => shapeIssue(chunkSchema, value) === undefined],
  ["+ nullish wrappers", (value) => v.is(nullishSchema, completeChunk(value, true))],
  [
    "+ completion outside the pipe",
    (value) => v.is(chunkObject as v.GenericSchema, completeChunk(value, true)),
  ],
  ["+ looseObject safeParse (copy)", (value) => v.safeParse(copyingSchema, value).success],
  ["+ index and finish_reason only", (value) => v.is(choiceEndsOnly, completeChunk(value, true))],
];

const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, check] of cases) {
    let fits = 0;
    const startMs = performance.now();
    for (let i = 0; i < perRound; i++) if (check(JSON.parse(datas[i % datas.length] as string))) fits++;
    const elapsedMs = performance.now() - startMs;
    if (fits !== perRound) throw new Error(`${name}: a recorded chunk did not fit`);
    times.get(name)?.push((elapsedMs * 1000) / perRound);
  }
}

const median = (list: readonly number[]): number => [...list].sort((a, b) => a - b)[list.length >> 1] ?? NaN;
const floor = median(times.get("JSON.parse only") ?? []);
console.log(
  `${fixture}: ${datas.length} chunks, ${rounds} rounds of ${perRound} (first round is warm-up too)`,
);
for (const [name, list] of times) {
  const us = median(list);
  console.log(`${name.padEnd(32)} ${us.toFixed(3)} µs/chunk  (check: +${(us - floor).toFixed(3)} µs)`);
}
