import { describe, expect, test } from "vitest";
import { withMaxBodyBytes, withMaxRetries } from "../../lib/index.ts";
import { hostileHtmlPage } from "../support/hostile-server.ts";
import { attempt, hostileClient, hostileRequest, useHostileServer } from "./hostile-client.ts";

const maxEndlessBytes = 32 * 1024 * 1024;
const server = useHostileServer({ maxEndlessBytes, maxScenarioMs: 5_000 });
const oneMiB = 1024 * 1024;

describe("a body past maxBodyBytes closes the connection and returns an Err", () => {
  test("an endless JSON body", async () => {
    const client = hostileClient(server(), "endless-body", withMaxBodyBytes(oneMiB));

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toStrictEqual({
      kind: "decode",
      message: "the chat completion response is larger than the 1048576-byte limit (maxBodyBytes)",
      retryable: false,
      attempts: [attempt({ status: 200, errorKind: "decode", waitMs: 0 })],
    });
    const reply = await server().settledReply(0);
    expect(reply.state).toBe("client-closed");
    // The server stopped because the client left, long before its own cap.
    expect(reply.bytesWritten).toBeLessThan(maxEndlessBytes);
  });

  test("a gzip bomb: the bound is on the decoded bytes", async () => {
    const client = hostileClient(server(), "gzip-bomb", withMaxBodyBytes(oneMiB));

    expect((await client.chatCompletion(hostileRequest))._unsafeUnwrapErr()).toMatchObject({
      kind: "decode",
      message: "the chat completion response is larger than the 1048576-byte limit (maxBodyBytes)",
    });
    expect((await server().settledReply(0)).state).toBe("client-closed");
  });

  test("an error body past the bound keeps its first maxBodyBytes, and the status", async () => {
    const client = hostileClient(server(), "html-500", withMaxBodyBytes(4096), withMaxRetries(0));

    const error = (await client.chatCompletion(hostileRequest))._unsafeUnwrapErr();

    expect(error).toMatchObject({ kind: "http", status: 500, body: hostileHtmlPage.slice(0, 4096) });
  });

  test("a body under the bound is read whole", async () => {
    const client = hostileClient(server(), "ok", withMaxBodyBytes(4096));

    expect((await client.chatCompletion(hostileRequest)).isOk()).toBe(true);
  });
});
