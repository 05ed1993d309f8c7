// The per-chunk cost of checking a stream chunk with its valibot schema (issue 14: "choose the valibot
// formulation by the numbers"), on the chunks of a real recorded stream. Run by hand:
//   node spec/bench/schema-check.ts [fixture path under spec/fixtures/streams] [--rounds N]
// Each round parses every chunk of the stream N times and times, in alternation so both see the same
// machine: JSON.parse alone (the floor), JSON.parse + the check the chunk iterator makes (`shapeIssue`
// with `chunkSchema`: `v.is` on the parsed object, no copy), and JSON.parse + `v.safeParse` of a
// `looseObject` version of the same schema (a copy of every field per chunk, the formulation not taken).
// It prints medians in µs per chunk; the check's cost is the difference from the floor.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as v from "valibot";
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

const cases: ReadonlyArray<readonly [string, (value: unknown) => boolean]> = [
  ["JSON.parse only", () => true],
  ["+ chunkSchema (v.is, kept)", (value) => shapeIssue(chunkSchema, value) === undefined],
  ["+ looseObject safeParse (copy)", (value) => v.safeParse(copyingSchema, value).success],
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
