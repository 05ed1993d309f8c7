import * as v from "valibot";

/** One model the server offers. */
export interface Model {
  readonly id: string;
  readonly object?: string;
  readonly created?: number;
  readonly owned_by?: string;
  readonly [field: string]: unknown;
}

/** The answer of `GET /models`, as the server sent it. */
export interface WireModelList {
  readonly object?: string;
  readonly data: readonly Model[];
  readonly [field: string]: unknown;
}

/** The body of a `GET /models` answer, where chatwire reads it: `data`, a list of models with an `id` each. */
export const modelListSchema: v.GenericSchema<unknown, WireModelList> = v.object({
  data: v.array(v.object({ id: v.string() })),
});
