import type { FunctionTool } from "../../lib/index.ts";

/** A strict weather tool in OpenAI's wire shape, shared by the request specs. */
export const weatherTool: FunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Gets the weather of a city.",
    parameters: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
      additionalProperties: false,
    },
    strict: true,
  },
};
