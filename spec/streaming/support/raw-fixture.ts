// An independent reading of a recorded stream, to compare chatwire against: the fixtures use LF line
// endings only, so a plain line split is enough here.

/** One SSE event of a raw fixture. */
export interface RawEvent {
  readonly type: string;
  readonly data: string;
}

/** Splits a recorded LF-only SSE body into its events. */
export function rawEvents(text: string): RawEvent[] {
  const events: RawEvent[] = [];
  let type = "message";
  let data: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") {
      if (data.length > 0) events.push({ type, data: data.join("\n") });
      type = "message";
      data = [];
    } else if (line.startsWith("event:")) type = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (data.length > 0) events.push({ type, data: data.join("\n") });
  return events;
}

type Json = Record<string, any>;

/** The chunks of a fixture, parsed, up to (not including) the first error. */
export function rawChunks(events: readonly RawEvent[]): Json[] {
  const chunks: Json[] = [];
  for (const event of events) {
    if (event.type !== "message" || event.data === "[DONE]") break;
    const chunk = JSON.parse(event.data) as Json;
    if (chunk.error !== undefined) break;
    chunks.push(chunk);
  }
  return chunks;
}

/** The event that ends a fixture with an error, if one does. */
export function rawErrorEvent(events: readonly RawEvent[]): RawEvent | undefined {
  return events.find(
    (event) =>
      event.type === "error" ||
      (event.type === "message" && event.data !== "[DONE]" && JSON.parse(event.data).error !== undefined),
  );
}

/** What each choice of a fixture adds up to, computed straight from the parsed chunks. */
export interface RawChoice {
  content: string | null;
  refusal: string | null | undefined;
  reasoningContent: string | null | undefined;
  reasoning: string | null | undefined;
  finishReason: string | null;
  /** Per tool call (keyed by index, or by id when there is none): name and concatenated arguments. */
  toolCalls: Map<string, { name: string; arguments: string }>;
}

const addText = (sofar: string | null | undefined, value: unknown): string | null | undefined =>
  typeof value === "string" ? (sofar ?? "") + value : value === null && sofar === undefined ? null : sofar;

/** Adds up the choices of a fixture's chunks. */
export function rawChoices(chunks: readonly Json[]): Map<number, RawChoice> {
  const choices = new Map<number, RawChoice>();
  for (const chunk of chunks) {
    for (const choice of chunk.choices ?? []) {
      let sum = choices.get(choice.index);
      if (sum === undefined) {
        sum = {
          content: null,
          refusal: undefined,
          reasoningContent: undefined,
          reasoning: undefined,
          finishReason: null,
          toolCalls: new Map(),
        };
        choices.set(choice.index, sum);
      }
      const delta = choice.delta ?? {};
      if (typeof delta.content === "string") sum.content = (sum.content ?? "") + delta.content;
      sum.refusal = addText(sum.refusal, delta.refusal);
      sum.reasoningContent = addText(sum.reasoningContent, delta.reasoning_content);
      sum.reasoning = addText(sum.reasoning, delta.reasoning);
      if (typeof choice.finish_reason === "string") sum.finishReason = choice.finish_reason;
      for (const call of delta.tool_calls ?? []) {
        const key = String(call.index ?? call.id);
        const sofar = sum.toolCalls.get(key) ?? { name: "", arguments: "" };
        if (call.function?.name) sofar.name = call.function.name;
        sofar.arguments += call.function?.arguments ?? "";
        sum.toolCalls.set(key, sofar);
      }
    }
  }
  return choices;
}

/** The last non-null usage of a fixture's chunks. */
export function rawLastUsage(chunks: readonly Json[]): Json | undefined {
  return chunks.filter((chunk) => chunk.usage !== undefined && chunk.usage !== null).at(-1)?.usage;
}
