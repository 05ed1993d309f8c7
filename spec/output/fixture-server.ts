// Shared by the output and tools specs: recorded bodies and a nock server that replays them.
import { readFileSync } from "node:fs";
import nock from "nock";
import { type Client, newClient, withApiKey, withBaseUrl, withFetch } from "../../lib/index.ts";

export const apiOrigin = "https://structured.chatwire.test";

/** The text of a fixture under spec/fixtures/, exactly as stored. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
}

interface RecordedExchange {
  readonly request: { readonly body: string };
  readonly response: { readonly status: number; readonly body: string };
}

/** One exchange of a timed llama-server recording: the request body sent and the response body received. */
export function recordedExchange(name: string, index: number): RecordedExchange {
  const recording = JSON.parse(fixtureText(`recordings/llama-server/${name}`)) as {
    readonly exchanges: readonly RecordedExchange[];
  };
  const exchange = recording.exchanges[index];
  if (exchange === undefined) throw new Error(`no exchange ${index} in ${name}`);
  return exchange;
}

/** A client for the fake server. */
export function fixtureClient(): Client {
  return newClient(withBaseUrl(`${apiOrigin}/v1`), withApiKey("sk-structured-test"));
}

/**
 * Queues replies to `POST /v1/chat/completions`, in order, each an exact body text. Gives the JSON bodies
 * the server received and whether every reply was used.
 */
export function replyInOrder(...bodies: readonly string[]): {
  readonly received: unknown[];
  readonly isDone: () => boolean;
} {
  const received: unknown[] = [];
  const scope = nock(apiOrigin);
  for (const body of bodies) {
    scope
      .post("/v1/chat/completions", (sent) => {
        received.push(sent);
        return true;
      })
      .reply(200, body, { "content-type": "application/json" });
  }
  return { received, isDone: () => scope.isDone() };
}

/** A client whose fetch only counts: for requests that must fail before any network call. */
export function countingClient(): { readonly client: Client; readonly calls: () => number } {
  let calls = 0;
  const client = newClient(
    withBaseUrl(`${apiOrigin}/v1`),
    withFetch(async () => {
      calls++;
      return new Response("{}", { status: 500 });
    }),
  );
  return { client, calls: () => calls };
}
