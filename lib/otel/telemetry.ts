import {
  type Histogram,
  type MeterProvider,
  metrics,
  type Tracer,
  type TracerProvider,
  trace,
  ValueType,
} from "@opentelemetry/api";
import type { ClientConfig } from "../client/client-config.ts";
import type { Clock } from "../internal/clock.ts";
import { durationBucketsS, metricNames, providerName, tokenBuckets } from "./semconv.ts";

/** The settings of {@link withTelemetry}. */
export interface TelemetryOptions {
  /** Where spans go. @default the global tracer provider of `@opentelemetry/api` (`trace.getTracerProvider()`) */
  readonly tracerProvider?: TracerProvider;
  /** Where metrics go. @default the global meter provider of `@opentelemetry/api` (`metrics.getMeterProvider()`) */
  readonly meterProvider?: MeterProvider;
  /**
   * Whether to record the messages sent and received (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * tool call arguments and results), which the conventions make opt-in: they may hold personal data.
   * Never recorded, whatever this says: the API key, any header. @default false
   */
  readonly captureContent?: boolean;
}

/** A client's tracer and instruments, made once when the client is. */
export interface Telemetry {
  readonly tracer: Tracer;
  readonly duration: Histogram;
  readonly tokenUsage: Histogram;
  readonly timeToFirstChunk: Histogram;
  readonly timePerOutputChunk: Histogram;
  readonly captureContent: boolean;
}

/** Where a client's calls go, for the attributes every span and metric carries. */
export interface CallTarget {
  readonly providerName: string;
  readonly serverAddress: string | undefined;
  readonly serverPort: number | undefined;
  /** The client's clock (`withClock`): the one chatwire's own figures are taken on. */
  readonly clock: Clock;
  /** Completes a request as the client will (its default model). */
  readonly completeRequest: ClientConfig["completeRequest"];
}

const scope = "chatwire";

/** Gets the tracer and makes the four client histograms, with the conventions' units and buckets. */
export function newTelemetry(options: TelemetryOptions): Telemetry {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(scope);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(scope);
  const seconds = (name: string, description: string): Histogram =>
    meter.createHistogram(name, {
      description,
      unit: "s",
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: [...durationBucketsS] },
    });
  return {
    tracer,
    duration: seconds(metricNames.operationDuration, "GenAI operation duration."),
    tokenUsage: meter.createHistogram(metricNames.tokenUsage, {
      description: "Number of input and output tokens used.",
      unit: "{token}",
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...tokenBuckets] },
    }),
    timeToFirstChunk: seconds(
      metricNames.timeToFirstChunk,
      "Time to receive the first chunk, from the call's start to the first chunk's arrival.",
    ),
    timePerOutputChunk: seconds(
      metricNames.timePerOutputChunk,
      "Time per output chunk after the first, from the previous chunk's arrival to this one's.",
    ),
    captureContent: options.captureContent ?? false,
  };
}

const defaultPorts: Readonly<Record<string, number>> = { "https:": 443, "http:": 80 };

/** The provider, host and port of a client's configuration; a base URL that does not parse gives neither. */
export function callTarget(config: ClientConfig): CallTarget {
  const url = URL.canParse(config.baseUrl) ? new URL(config.baseUrl) : undefined;
  const port =
    url === undefined ? undefined : url.port === "" ? defaultPorts[url.protocol] : Number(url.port);
  return {
    providerName: providerName(config.provider?.name),
    serverAddress: url?.hostname,
    serverPort: port,
    clock: config.clock,
    completeRequest: config.completeRequest,
  };
}
