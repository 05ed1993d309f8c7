import type { Attributes } from "@opentelemetry/api";
import type { OperationName } from "./semconv.ts";
import type { CallTarget } from "./telemetry.ts";

/** What a call is, known before it is sent: its span's name and the attributes its span and metrics start with. */
export interface CallStart {
  readonly operation: OperationName;
  readonly spanName: string;
  /** The span's attributes at start (the sampling-relevant ones included, as the conventions ask). */
  readonly spanAttributes: Attributes;
  /** The attributes every metric point of the call carries. */
  readonly metricAttributes: Attributes;
}

type Body = { readonly [field: string]: unknown };

const numberOf = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

const outputTypes: Readonly<Record<string, string>> = {
  text: "text",
  json_object: "json",
  json_schema: "json",
};

/** The sampling settings of a request body, under the conventions' `gen_ai.request.*` names. */
function samplingAttributes(body: Body): Attributes {
  const { stop, n } = body;
  const format = (body.response_format as { readonly type?: unknown } | undefined)?.type;
  const attributes: Attributes = {
    "gen_ai.request.max_tokens": numberOf(body.max_completion_tokens) ?? numberOf(body.max_tokens),
    "gen_ai.request.temperature": numberOf(body.temperature),
    "gen_ai.request.top_p": numberOf(body.top_p),
    "gen_ai.request.top_k": numberOf(body.top_k),
    "gen_ai.request.frequency_penalty": numberOf(body.frequency_penalty),
    "gen_ai.request.presence_penalty": numberOf(body.presence_penalty),
    "gen_ai.request.seed": numberOf(body.seed),
    "gen_ai.request.stop_sequences":
      typeof stop === "string" ? [stop] : Array.isArray(stop) ? [...stop] : undefined,
    "gen_ai.request.choice.count": typeof n === "number" && n !== 1 ? n : undefined,
    "gen_ai.output.type": typeof format === "string" ? outputTypes[format] : undefined,
  };
  return attributes;
}

/**
 * The start of a call: `{operation} {model}` as its span name (the operation alone without a model),
 * the provider, model, server address and port on both span and metrics, the sampling settings and
 * `gen_ai.request.stream` on the span.
 */
export function newCallStart(
  operation: OperationName,
  target: CallTarget,
  body: Body | undefined,
  isStream: boolean,
): CallStart {
  const model = typeof body?.model === "string" && body.model !== "" ? body.model : undefined;
  const metricAttributes: Attributes = {
    "gen_ai.operation.name": operation,
    "gen_ai.provider.name": target.providerName,
    "gen_ai.request.model": model,
    "server.address": target.serverAddress,
    "server.port": target.serverAddress === undefined ? undefined : target.serverPort,
  };
  const spanAttributes: Attributes = {
    ...metricAttributes,
    ...(body === undefined ? {} : samplingAttributes(body)),
    "gen_ai.request.stream": isStream ? true : undefined,
  };
  return {
    operation,
    spanName: model === undefined ? operation : `${operation} ${model}`,
    spanAttributes,
    metricAttributes,
  };
}
