// A stream opened now and iterated later must not lose its body when the Response object is garbage
// collected in between (undici cancels the body of a collected Response that nobody has started reading);
// a stream dropped unread must not keep its connection open.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { withClock } from "../../lib/index.ts";
import { hostileClient, useHostileServer } from "./hostile-client.ts";
import { hostileStreamRequest, okChunks, readStream } from "./hostile-stream.ts";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const server = useHostileServer({ maxScenarioMs: 5_000 });

test("a stream opened, left unread through garbage collections, then iterated, gets every chunk", async () => {
  const client = hostileClient(
    server(),
    "stream-paced",
    withClock(() => 0),
  );
  const stream = (await client.chatCompletionStream(hostileStreamRequest))._unsafeUnwrap();
  expect((await server().settledReply(0)).state).toBe("finished");
  for (let round = 0; round < 3; round++) {
    collectGarbage();
    // Finalization callbacks run on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  expect(await readStream(stream)).toStrictEqual(okChunks);
});

test("a stream opened and dropped unread has its connection closed once it is garbage-collected", async () => {
  const client = hostileClient(
    server(),
    "stream-stalled",
    withClock(() => 0),
  );
  // Opened in a function of its own, so that nothing here keeps the stream alive.
  const open = async () => (await client.chatCompletionStream(hostileStreamRequest)).isOk();
  expect(await open()).toBe(true);
  const settled = server().settledReply(0, 4_000);
  for (let round = 0; round < 3; round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  expect((await settled).state).toBe("client-closed");
});
