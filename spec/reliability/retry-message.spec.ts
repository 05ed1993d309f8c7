import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import {
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  withBaseUrl,
  withMaxRetries,
} from "../../lib/index.ts";
import { closeServer, listenOnLoopback } from "../support/loopback.ts";

// A refused connection is retried (with back-off) before the error comes back: the message says so, with
// the number of attempts and the time they took, so the wait is not a mystery.

/** The origin of a port that just closed: connecting to it is refused. */
async function refusingOrigin(): Promise<string> {
  const server = createServer();
  const origin = await listenOnLoopback(server);
  await closeServer(server);
  return origin;
}

describe("the message of a retried failure", () => {
  it("says how many attempts were made and over how long", async () => {
    const origin = await refusingOrigin();
    const client = newClient(withBaseUrl(`${origin}/v1`), withMaxRetries(2));
    const result = await client.chatCompletion(newChatCompletionRequest("m", [newUserMessage("Hi")]));
    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe("network");
    expect(error.kind === "network" && error.attempts).toHaveLength(3);
    expect(error.message).toMatch(/ \(3 attempts over \d+(\.\d)? m?s\)$/);
  });

  it("says nothing of attempts when there was one", async () => {
    const origin = await refusingOrigin();
    const client = newClient(withBaseUrl(`${origin}/v1`), withMaxRetries(0));
    const error = (
      await client.chatCompletion(newChatCompletionRequest("m", [newUserMessage("Hi")]))
    )._unsafeUnwrapErr();
    expect(error.kind === "network" && error.attempts).toHaveLength(1);
    expect(error.message).not.toContain("attempts");
  });
});
