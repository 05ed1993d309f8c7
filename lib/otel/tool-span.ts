import { type Attributes, type Context, context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ObservedToolCall } from "../client/call-observer.ts";
import { definedOnly } from "../internal/defined-only.ts";
import type { ToolCall } from "../messages/messages.ts";
import { guarded } from "./guarded.ts";
import type { Telemetry } from "./telemetry.ts";

/** Starts the `execute_tool {name}` span of one tool call, a child of its run. */
export function startToolSpan(telemetry: Telemetry, parent: Context, call: ToolCall): ObservedToolCall {
  const { name } = call.function;
  const span = telemetry.tracer.startSpan(
    `execute_tool ${name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: definedOnly<Attributes>({
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": name,
        "gen_ai.tool.call.id": call.id,
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.arguments": telemetry.captureContent ? call.function.arguments : undefined,
      }),
    },
    parent,
  );
  const toolContext = trace.setSpan(parent, span);
  return {
    within: (run) => context.with(toolContext, run),
    end: ({ isError, content }) =>
      guarded(() => {
        if (isError) {
          span.setAttribute("error.type", "tool_error");
          // The tool message may quote the handler's exception: content, recorded only when captured.
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: telemetry.captureContent ? content : "the tool call failed",
          });
        } else if (telemetry.captureContent) {
          span.setAttribute("gen_ai.tool.call.result", content);
        }
        span.end();
      }),
  };
}
