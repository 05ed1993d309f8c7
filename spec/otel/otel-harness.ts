// The real OpenTelemetry SDK (sdk-trace 3, sdk-metrics 3), kept in memory, for the otel specs.
import type { Attributes } from "@opentelemetry/api";
import {
  DataPointType,
  type HistogramMetricData,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { type ReadableSpan, type SpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { ClientOption } from "../../lib/index.ts";
import { type TelemetryOptions, withTelemetry } from "../../lib/otel/index.ts";

/** A metric reader collected on demand. */
class CollectingReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** One histogram point, as a test compares it. */
export interface HistogramPoint {
  readonly attributes: Attributes;
  readonly count: number;
  readonly sum: number;
  readonly boundaries: readonly number[];
}

/** One histogram, as a test compares it. */
export interface HistogramSeen {
  readonly unit: string;
  readonly points: readonly HistogramPoint[];
}

export interface Harness {
  readonly tracerProvider: TracerProvider;
  readonly meterProvider: MeterProvider;
  /** The client option under test, wired to this harness's providers. */
  readonly telemetry: (options?: Omit<TelemetryOptions, "tracerProvider" | "meterProvider">) => ClientOption;
  /** The spans ended so far, in the order they ended. */
  readonly finishedSpans: () => readonly ReadableSpan[];
  /** The spans ended so far with a given name. */
  readonly spansNamed: (name: string) => readonly ReadableSpan[];
  readonly collect: () => Promise<ResourceMetrics>;
  /** A histogram's unit and points, `undefined` when it has none. */
  readonly histogram: (name: string) => Promise<HistogramSeen | undefined>;
}

/**
 * A span processor that keeps each span the moment it ends (the SDK's SimpleSpanProcessor exports a
 * microtask later): a spec can then tell exactly when a span ended.
 */
function endedSpans(): SpanProcessor & { readonly ended: ReadableSpan[] } {
  const ended: ReadableSpan[] = [];
  return {
    ended,
    onStart: () => undefined,
    onEnd: (span) => {
      ended.push(span);
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/** A fresh SDK: a tracer provider keeping its ended spans, a meter provider with a collecting reader. */
export function newHarness(): Harness {
  const processor = endedSpans();
  const tracerProvider = new TracerProvider({ spanProcessors: [processor] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const collect = async (): Promise<ResourceMetrics> => (await reader.collect()).resourceMetrics;
  return {
    tracerProvider,
    meterProvider,
    telemetry: (options = {}) => withTelemetry({ ...options, tracerProvider, meterProvider }),
    finishedSpans: () => [...processor.ended],
    spansNamed: (name) => processor.ended.filter((span) => span.name === name),
    collect,
    histogram: async (name) => {
      const metrics = (await collect()).scopeMetrics.flatMap((scope) => scope.metrics);
      const found = metrics.find((metric) => metric.descriptor.name === name);
      if (found === undefined || found.dataPointType !== DataPointType.HISTOGRAM) return undefined;
      const histogram = found as HistogramMetricData;
      return {
        unit: histogram.descriptor.unit,
        points: histogram.dataPoints.map((point) => ({
          attributes: point.attributes,
          count: point.value.count,
          sum: point.value.sum ?? Number.NaN,
          boundaries: point.value.buckets.boundaries,
        })),
      };
    },
  };
}

/** A clock that moves 7 ms each time it is read: chatwire's figures are then distinct and non-zero. */
export function steppingClock(): () => number {
  let now = 1000;
  return () => {
    now += 7;
    return now;
  };
}

/** The conventions' duration buckets, in seconds. */
export const durationBuckets: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** The conventions' token buckets. */
export const tokenBuckets: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
