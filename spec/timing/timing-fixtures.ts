import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRecording, type RecordedExchange, type TimedRecording } from "../../lib/testing/index.ts";
import { rawChunks, rawEvents } from "../streaming/support/raw-fixture.ts";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** A recorded non-streaming body of `responses/<provider>/<case>.json`, parsed. */
export function responseFixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(fixtures, "responses", name), "utf8"));
}

/** The raw text of `responses/<provider>/<case>.json`. */
export function responseFixtureText(name: string): string {
  return readFileSync(join(fixtures, "responses", name), "utf8");
}

/** The chunks of `streams/<provider>/<case>.sse`, parsed, up to the first error. */
export function streamFixtureChunks(name: string): Record<string, any>[] {
  return rawChunks(rawEvents(readFileSync(join(fixtures, "streams", name), "utf8")));
}

/** Every `<provider>/<case>.<ext>` under a fixture folder, error bodies left out. */
export function fixtureNames(folder: "responses" | "streams", ext: string): string[] {
  const root = join(fixtures, folder);
  return readdirSync(root)
    .flatMap((provider) =>
      readdirSync(join(root, provider), { withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith(ext))
        .map((entry) => `${provider}/${entry.name}`),
    )
    .sort();
}

/** A real llama.cpp recording (`recordings/llama-server/<name>.json`). */
export async function llamaRecording(name: string): Promise<TimedRecording> {
  return (await loadRecording(join(fixtures, "recordings", "llama-server", `${name}.json`)))._unsafeUnwrap();
}

/** The JSON the recorded request sent. */
export const sentBody = (exchange: RecordedExchange): Record<string, any> =>
  JSON.parse(exchange.request.body);

/** The `data:` events of a recorded body, `[DONE]` left out, parsed. */
export function recordedChunks(exchange: RecordedExchange): Record<string, any>[] {
  return rawChunks(rawEvents(exchange.response.body));
}
