// A stream opened now and iterated later must not lose its body when the Response object is garbage
// collected in between: undici cancels the body of a collected Response that nobody has started reading.
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
