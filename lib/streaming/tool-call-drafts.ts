import type { ResponseToolCall, ToolCallDelta } from "../schema/tool-call-schemas.ts";
import { keepExtraFields } from "./extra-fields.ts";

interface ToolCallDraft {
  id: string;
  name: string;
  arguments: string;
  /** Other fields of the pieces (Gemini's `extra_content`...), the last non-null value of each. */
  readonly extra: Map<string, unknown>;
}

/** The tool calls of one choice, assembled from their pieces. Create it with {@link newToolCallDrafts}. */
export interface ToolCallDrafts {
  readonly drafts: ToolCallDraft[];
  readonly byIndex: Map<number, ToolCallDraft>;
}

/** Creates an empty set of tool-call drafts. */
export function newToolCallDrafts(): ToolCallDrafts {
  return { drafts: [], byIndex: new Map() };
}

const ownFields: ReadonlySet<string> = new Set(["index", "id", "type", "function"]);

/** Finds the call a piece belongs to, or `undefined` when it starts a new one. */
function findDraft(calls: ToolCallDrafts, index: number | undefined, id: string): ToolCallDraft | undefined {
  if (index !== undefined) {
    const draft = calls.byIndex.get(index);
    // A different id under a known index is a new call (some servers send every call with index 0).
    return draft !== undefined && id !== "" && draft.id !== "" && draft.id !== id ? undefined : draft;
  }
  if (id !== "") return calls.drafts.find((draft) => draft.id === id);
  return calls.drafts[calls.drafts.length - 1];
}

/**
 * Adds one tool-call piece. Pieces join by `index`; a piece without `index` (Mistral) joins the call with
 * its `id`, or the latest call when it has no id, and a new id starts a new call. The first non-empty id
 * is kept; arguments are concatenated; name pieces are concatenated too, except a piece that repeats the
 * whole name so far (servers that resend it).
 */
export function addToolCall(calls: ToolCallDrafts, piece: ToolCallDelta): void {
  const index = typeof piece.index === "number" ? piece.index : undefined;
  const id = typeof piece.id === "string" ? piece.id : "";
  let draft = findDraft(calls, index, id);
  if (draft === undefined) {
    draft = { id: "", name: "", arguments: "", extra: new Map() };
    calls.drafts.push(draft);
    if (index !== undefined) calls.byIndex.set(index, draft);
  }
  if (draft.id === "") draft.id = id;
  const name = piece.function?.name;
  if (typeof name === "string" && name !== draft.name) draft.name += name;
  const args = piece.function?.arguments;
  if (typeof args === "string") draft.arguments += args;
  keepExtraFields(draft.extra, piece, ownFields);
}

/** The assembled tool calls, in the order they started, each with `type: "function"` (Mistral sends none). */
export function toolCallsOf(calls: ToolCallDrafts): ResponseToolCall[] {
  return calls.drafts.map((draft) => ({
    id: draft.id,
    type: "function" as const,
    function: { name: draft.name, arguments: draft.arguments },
    ...Object.fromEntries(draft.extra),
  }));
}
