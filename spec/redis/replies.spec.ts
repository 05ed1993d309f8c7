import { expect, test } from "vitest";
import { parseBeginReply } from "../../lib/redis/redis-replies.ts";

test("a reply nested too deeply to write as JSON is a decode error that says so, not a throw", () => {
  const depth = 100_000;
  const deep: unknown = JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);
  const error = parseBeginReply([deep], 1)._unsafeUnwrapErr();
  expect(error).toStrictEqual({
    kind: "decode",
    message: "the store answered something that is not a chatwire reply",
    bodySnippet: "(nested too deeply to show)",
    retryable: false,
  });
  expect(parseBeginReply(["x"], 1)._unsafeUnwrapErr()).toMatchObject({ bodySnippet: '["x"]' });
});
