import { describe, expect, test } from "vitest";
import { type ServerTiming, serverTiming } from "../../lib/index.ts";
import {
  fixtureNames,
  llamaRecording,
  recordedChunks,
  responseFixture,
  sentBody,
  streamFixtureChunks,
} from "./timing-fixtures.ts";

describe("llama.cpp `timings`, from the real llama-server recordings", () => {
  test("a non-streaming answer (01): milliseconds as sent, token counts and rates kept", async () => {
    const [exchange] = (await llamaRecording("01-basic-chat")).exchanges;
    expect(serverTiming(JSON.parse(exchange!.response.body))).toStrictEqual({
      format: "llama.cpp",
      promptMs: 12.611,
      decodeMs: 57.697,
      promptTokens: 21,
      cachedPromptTokens: 5,
      outputTokens: 24,
      promptTokensPerSecond: 1665.21290936484,
      outputTokensPerSecond: 398.6342444147876,
    });
  });

  test("a stream (04): only its last chunk carries them", async () => {
    const [exchange] = (await llamaRecording("04-streaming-with-usage")).exchanges;
    const chunks = recordedChunks(exchange!);
    expect(chunks.slice(0, -1).map(serverTiming)).toStrictEqual(chunks.slice(0, -1).map(() => undefined));
    expect(serverTiming(chunks.at(-1)!)).toStrictEqual({
      format: "llama.cpp",
      promptMs: 3.126,
      decodeMs: 66.078,
      promptTokens: 9,
      cachedPromptTokens: 24,
      outputTokens: 32,
      promptTokensPerSecond: 2879.0786948176583,
      outputTokensPerSecond: 469.1425285268924,
    });
  });

  test("every recorded answer and stream: the figures are the server's, field for field", async () => {
    for (const name of [
      "01-basic-chat",
      "02-streaming-chat",
      "03-multi-turn-conversation",
      "05-json-schema",
    ]) {
      for (const exchange of (await llamaRecording(name)).exchanges) {
        const body =
          sentBody(exchange).stream === true
            ? recordedChunks(exchange).at(-1)!
            : JSON.parse(exchange.response.body);
        const { timings } = body;
        expect(serverTiming(body)).toStrictEqual({
          format: "llama.cpp",
          promptMs: timings.prompt_ms,
          decodeMs: timings.predicted_ms,
          promptTokens: timings.prompt_n,
          cachedPromptTokens: timings.cache_n,
          outputTokens: timings.predicted_n,
          promptTokensPerSecond: timings.prompt_per_second,
          outputTokensPerSecond: timings.predicted_per_second,
        });
      }
    }
  });

  test("the error answer (08) reports none", async () => {
    const [exchange] = (await llamaRecording("08-context-overflow-error")).exchanges;
    expect(serverTiming(JSON.parse(exchange!.response.body))).toBeUndefined();
  });
});

describe("Groq's time fields, in seconds, from the recorded Groq traffic", () => {
  test("a non-streaming answer: `usage` (its x_groq has none), converted to milliseconds", () => {
    expect(serverTiming(responseFixture("groq/tool-call.json"))).toStrictEqual({
      format: "groq",
      queueMs: 179.481775,
      promptMs: 11.82836,
      decodeMs: 44.602289,
      totalMs: 56.430649,
    });
  });

  test.each([
    [
      "groq/text.sse",
      { queueMs: 41.905864, promptMs: 3.940145, decodeMs: 2652.230333, totalMs: 2656.170478 },
    ],
    [
      "groq/tool-call.sse",
      { queueMs: 41.520249, promptMs: 10.407901, decodeMs: 46.601227, totalMs: 57.009128 },
    ],
    [
      "groq/reasoning-field.sse",
      { queueMs: 171.721454, promptMs: 0.792801, decodeMs: 3206.170277, totalMs: 3206.963078 },
    ],
  ])("%s: the finish chunk's x_groq.usage; no other chunk has any", (name, expected) => {
    const chunks = streamFixtureChunks(name);
    expect(chunks.slice(0, -1).map(serverTiming)).toStrictEqual(chunks.slice(0, -1).map(() => undefined));
    expect(serverTiming(chunks.at(-1)!)).toStrictEqual({ format: "groq", ...expected });
  });

  test("x_groq.usage is read before usage", () => {
    const [last] = streamFixtureChunks("groq/text.sse").slice(-1);
    const { usage: _usage, ...withoutUsage } = last!;
    const { x_groq: _xGroq, ...withoutXGroq } = last!;
    expect(serverTiming(withoutUsage)).toStrictEqual(serverTiming(last!));
    expect(serverTiming(withoutXGroq)).toStrictEqual(serverTiming(last!));
  });
});

describe("SambaNova's usage time fields, from the recorded SambaNova answer", () => {
  test("time to first token and total latency in seconds; decoding is the time between them", () => {
    // usage: time_to_first_token 0.02704143524169922 s, total_latency 0.0484468936920166 s.
    expect(serverTiming(responseFixture("sambanova/text-usage-timings.json"))).toStrictEqual({
      format: "sambanova",
      timeToFirstTokenMs: 27.041435,
      decodeMs: 21.405459,
      totalMs: 48.446894,
      outputTokensPerSecond: 46.71705594724942,
    });
  });
});

describe("formats with no recording in spec/fixtures: read from the servers' documented examples", () => {
  test("vLLM `metrics` (docs/features/per_request_metrics.md): queue, prompt and decoding in ms", () => {
    const body = {
      id: "chatcmpl-abc123",
      object: "chat.completion",
      model: "meta-llama/Llama-3.1-8B-Instruct",
      choices: [],
      usage: { prompt_tokens: 42, completion_tokens: 128, total_tokens: 170 },
      metrics: {
        time_to_first_token_ms: 85.2,
        generation_time_ms: 1240.5,
        queue_time_ms: 12.3,
        mean_itl_ms: 9.1,
        tokens_per_second: 103.2,
      },
    };
    expect(serverTiming(body)).toStrictEqual({
      format: "vllm",
      queueMs: 12.3,
      promptMs: 85.2,
      decodeMs: 1240.5,
      outputTokensPerSecond: 1000 / 9.1,
    });
  });

  test("vLLM `metrics: null` (n > 1) and all-null fields report nothing", () => {
    expect(serverTiming({ metrics: null })).toBeUndefined();
    expect(
      serverTiming({
        metrics: { time_to_first_token_ms: null, generation_time_ms: null, queue_time_ms: null },
      }),
    ).toBeUndefined();
  });

  test("Cerebras `time_info` (inference-docs.cerebras.ai chat-completions example), in seconds", () => {
    const body = {
      usage: { prompt_tokens: 12, completion_tokens: 10, total_tokens: 22 },
      time_info: {
        queue_time: 0.000073161,
        prompt_time: 0.0010744798888888889,
        completion_time: 0.005658071111111111,
        total_time: 0.022224903106689453,
        created: 1723733419,
      },
    };
    expect(serverTiming(body)).toStrictEqual({
      format: "cerebras",
      queueMs: 0.073161,
      promptMs: 1.07448,
      decodeMs: 5.658071,
      totalMs: 22.224903,
    });
  });
});

describe("absent when not reported", () => {
  const reporting: Record<string, ServerTiming["format"]> = {
    "groq/tool-call.json": "groq",
    "sambanova/text-usage-timings.json": "sambanova",
  };

  test("of every recorded non-streaming answer, only Groq's and SambaNova's report timings", () => {
    const formats = Object.fromEntries(
      fixtureNames("responses", ".json")
        .map((name) => [name, serverTiming(responseFixture(name))?.format] as const)
        .filter(([, format]) => format !== undefined),
    );
    expect(formats).toStrictEqual(reporting);
  });

  test("of every chunk of every recorded stream, only Groq's finish chunks report timings", () => {
    const reported = fixtureNames("streams", ".sse").flatMap((name) =>
      streamFixtureChunks(name)
        .map((chunk, index) => ({ name, index, format: serverTiming(chunk)?.format }))
        .filter(({ format }) => format !== undefined)
        .map(({ name, index, format }) => `${name}#${index}: ${format}`),
    );
    expect(reported).toStrictEqual([
      `groq/reasoning-field.sse#${streamFixtureChunks("groq/reasoning-field.sse").length - 1}: groq`,
      `groq/text.sse#${streamFixtureChunks("groq/text.sse").length - 1}: groq`,
      `groq/tool-call.sse#${streamFixtureChunks("groq/tool-call.sse").length - 1}: groq`,
    ]);
  });

  test("values that are not finite numbers ≥ 0 are left out; with none left, nothing is reported", () => {
    expect(serverTiming({ timings: { prompt_ms: "12", predicted_ms: -1, prompt_n: 3 } })).toBeUndefined();
    expect(
      serverTiming({ timings: { prompt_ms: 2, predicted_ms: Number.NaN, predicted_n: "9" } }),
    ).toStrictEqual({
      format: "llama.cpp",
      promptMs: 2,
    });
    expect(
      serverTiming({ usage: { prompt_tokens: 1, completion_tokens: 2, queue_time: null } }),
    ).toBeUndefined();
    expect(serverTiming({ timings: [1, 2], x_groq: "x", time_info: null, usage: null })).toBeUndefined();
  });

  test("a SambaNova total shorter than its time to first token gives no decoding time", () => {
    expect(serverTiming({ usage: { time_to_first_token: 0.5, total_latency: 0.25 } })).toStrictEqual({
      format: "sambanova",
      timeToFirstTokenMs: 500,
      totalMs: 250,
    });
  });
});
