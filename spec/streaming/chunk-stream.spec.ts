// The chunk iterator on a body whose reads bring no chunk for a long time: a server that sends only
// keep-alive comments while the consumer waits in one `next()`.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { newChunkIterator } from "../../lib/streaming/chunk-stream.ts";
import { newCallGuard, pauseGuard } from "../../lib/transport/call-guard.ts";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const encoder = new TextEncoder();
const ping = encoder.encode(": ping\n");
const chunk = encoder.encode(
  'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
);

test("a consumer waiting through 120,000 reads of comments: memory does not grow with them, then the chunk comes", async () => {
  const pings = 120_000;
  let reads = 0;
  const heapAt = new Map<number, number>();
  const guard = newCallGuard(undefined, undefined);
  pauseGuard(guard);
  const iterator = newChunkIterator({
    reply: {
      status: 200,
      isRedirect: false,
      headers: new Headers(),
      body: {
        // One read per turn of the event loop, as a socket gives them.
        read: () =>
          new Promise((resolve) =>
            setImmediate(() => {
              reads++;
              if (reads === 20_000 || reads === pings) {
                collectGarbage();
                heapAt.set(reads, process.memoryUsage().heapUsed);
              }
              resolve({ done: false, value: reads <= pings ? ping : chunk });
            }),
          ),
        cancel: () => Promise.resolve(),
      },
    },
    guard,
    clock: () => 0,
    startedAtMs: 0,
    maxEventBytes: 1 << 20,
    expectedChoices: 1,
    call: {
      method: "POST",
      url: "https://stream.test/v1/chat/completions",
      status: 200,
      headers: new Headers(),
      secrets: [],
    },
  });

  const first = await iterator.next();
  const growthMiB = ((heapAt.get(pings) ?? 0) - (heapAt.get(20_000) ?? 0)) / 2 ** 20;
  expect({ reads, first, growthUnder2MiB: growthMiB < 2 }).toStrictEqual({
    reads: pings + 1,
    first: {
      done: false,
      value: {
        choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
        chunkLatencyMs: 0,
        totalLatencyMs: 0,
        isLastChunk: true,
      },
    },
    growthUnder2MiB: true,
  });
  expect(await iterator.next()).toStrictEqual({ done: true, value: undefined });
});
