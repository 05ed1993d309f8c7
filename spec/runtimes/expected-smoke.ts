import { readRecording } from "./loopback-server.ts";
import type { SmokeReport } from "./smoke.ts";

/** The content deltas of a recorded stream, joined. */
function streamedContent(body: string): string {
  return body
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)).choices[0]?.delta?.content)
    .filter((content): content is string => typeof content === "string")
    .join("");
}

/**
 * What the smoke test must report in every runtime, from the recordings the loopback server answers
 * with: 01 for the plain call, 04 (with usage on its last chunk) for the stream, its first chunk then an abort,
 * and 08's context-overflow 400 for the error.
 */
export function expectedSmokeReport(): SmokeReport {
  const plain = JSON.parse(readRecording("01-basic-chat").exchanges[0]?.response.body ?? "{}");
  const stream = readRecording("04-streaming-with-usage").exchanges[0]?.response.body ?? "";
  const events = stream.split("\n").filter((line) => line.startsWith("data: {"));
  const usage = JSON.parse(events.at(-1)?.slice(6) ?? "{}").usage;
  return {
    plain: { content: plain.choices[0].message.content, usage: plain.usage.total_tokens, hasLatency: true },
    stream: {
      content: streamedContent(stream),
      chunks: events.length,
      lastFlags: [events.length - 1],
      usage: usage.total_tokens,
      hasLatencies: true,
    },
    abort: [
      { role: "assistant", isLastChunk: false },
      { error: "aborted", isLastChunk: true },
    ],
    error: { kind: "http", status: 400, type: "exceed_context_size_error", retryable: false },
    invalid: { kind: "invalid_request", field: "temperature" },
  };
}
