import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ChatMessage,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  withBaseUrl,
  withClock,
  withFetch,
} from "../../lib/index.ts";
import {
  loadRecording,
  newVirtualScheduler,
  type RecordedExchange,
  replayTraffic,
  type TimedRecording,
} from "../../lib/testing/index.ts";
import {
  llamaRecordingNames,
  llamaRecordings,
  readTimedChunks,
  recordedEvents,
  toMicroseconds,
} from "./timed-body.ts";

const baseUrl = "http://llama.local/v1";

async function load(name: string): Promise<TimedRecording> {
  return (await loadRecording(join(llamaRecordings, name)))._unsafeUnwrap();
}

const sentBody = (exchange: RecordedExchange): { model: string; messages: ChatMessage[]; stream?: boolean } =>
  JSON.parse(exchange.request.body);

/** The request the recording was made with, rebuilt with chatwire's builders. */
const recordedRequest = (exchange: RecordedExchange) =>
  newChatCompletionRequest(sentBody(exchange).model, sentBody(exchange).messages);

describe("replaying the real llama.cpp recordings through a chatwire client", () => {
  it("has the eight recorded cases", () => {
    expect(llamaRecordingNames).toHaveLength(8);
  });

  it.each(llamaRecordingNames)(
    "%s: every exchange answers through chatwire as recorded, at its recorded times",
    async (name) => {
      const recording = await load(name);
      const time = newVirtualScheduler();
      const fetch = replayTraffic(recording, { speed: 1, scheduler: time });
      const client = newClient(withBaseUrl(baseUrl), withClock(time.now), withFetch(fetch));
      for (const exchange of recording.exchanges) {
        const { response } = exchange;
        const lastChunkAtMs = response.chunks.at(-1)?.atMs ?? response.headersAtMs;
        if (sentBody(exchange).stream === true) {
          // Every event becomes one chunk, as sent, stamped with the arrival of the piece that completed it.
          const body = sentBody(exchange);
          const opened = await client.chatCompletionStream(
            newChatCompletionStreamRequest(body.model, body.messages),
          );
          const stream = opened._unsafeUnwrap();
          expect(stream.headersLatencyMs).toBeCloseTo(response.headersAtMs, 6);
          const chunks: unknown[] = [];
          for await (const { chunkLatencyMs: _gap, totalLatencyMs, isLastChunk, ...wire } of stream) {
            chunks.push({ atMs: toMicroseconds(totalLatencyMs), data: wire, isLastChunk });
          }
          const events = recordedEvents(response.chunks);
          expect(chunks).toStrictEqual(
            events.map((event, index) => ({ ...event, isLastChunk: index === events.length - 1 })),
          );
        } else if (response.status === 200) {
          const result = await client.chatCompletion(recordedRequest(exchange));
          const attempts = [{ status: 200, durationMs: expect.closeTo(response.headersAtMs, 6), waitMs: 0 }];
          expect(result._unsafeUnwrap()).toStrictEqual({
            ...JSON.parse(response.body),
            latencyMs: expect.closeTo(lastChunkAtMs, 6),
            attempts,
            timing: expect.objectContaining({
              headersLatencyMs: expect.closeTo(response.headersAtMs, 6),
              totalLatencyMs: expect.closeTo(lastChunkAtMs, 6),
              attempts,
            }),
          });
        } else {
          const result = await client.chatCompletion(recordedRequest(exchange));
          const server = JSON.parse(response.body).error;
          expect(result._unsafeUnwrapErr()).toStrictEqual({
            kind: "http",
            message: `POST ${baseUrl}/chat/completions → ${response.status}: ${server.message}`,
            status: response.status,
            serverMessage: server.message,
            type: server.type,
            code: server.code,
            bodySnippet: response.body,
            body: response.body,
            attempts: [
              {
                status: response.status,
                errorKind: "http",
                durationMs: expect.closeTo(lastChunkAtMs, 6),
                waitMs: 0,
              },
            ],
            retryable: false,
          });
        }
      }
    },
  );

  it.each(llamaRecordingNames)(
    "%s: streams replay at the fetch level byte for byte, piece for piece",
    async (name) => {
      const recording = await load(name);
      const time = newVirtualScheduler();
      const fetch = replayTraffic(recording, { speed: 1, scheduler: time });
      for (const { request, response } of recording.exchanges) {
        const startMs = time.now();
        const replayed = await fetch(`http://llama.local${request.path}`, {
          method: request.method,
          headers: request.headers,
          body: request.body,
        });
        expect(toMicroseconds(time.now() - startMs)).toBe(response.headersAtMs);
        expect(replayed.status).toBe(response.status);
        expect(Object.fromEntries(replayed.headers)).toStrictEqual(response.headers);
        expect(await readTimedChunks(replayed.body, time.now, startMs)).toStrictEqual(response.chunks);
      }
    },
  );

  it("08: the context overflow is an http 400 error carrying the server's message", async () => {
    const recording = await load("08-context-overflow-error.json");
    const client = newClient(withBaseUrl(baseUrl), withFetch(replayTraffic(recording, { speed: 0 })));
    const result = await client.chatCompletion(recordedRequest(recording.exchanges[0]!));
    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: "http",
      status: 400,
      serverMessage:
        "request (6030 tokens) exceeds the available context size (4096 tokens), try increasing it",
      type: "exceed_context_size_error",
      retryable: false,
    });
  });

  it("03: the second turn gets the second recorded answer, not the first again", async () => {
    const recording = await load("03-multi-turn-conversation.json");
    const client = newClient(withBaseUrl(baseUrl), withFetch(replayTraffic(recording, { speed: 0 })));
    const contents: unknown[] = [];
    for (const exchange of recording.exchanges) {
      const result = await client.chatCompletion(recordedRequest(exchange));
      contents.push(result._unsafeUnwrap().choices[0]?.message.content);
    }
    expect(contents).toStrictEqual(
      recording.exchanges.map((exchange) => JSON.parse(exchange.response.body).choices[0].message.content),
    );
  });
});
