// The shared setup of the samples: a live server named by the environment, or recorded real traffic
// replayed at its recorded pace. Each sample calls `newSampleSetup` first; it prints which one on the
// first line of output.
//
//   CHATWIRE_BASE_URL   the server's API root, version path included (http://localhost:8080/v1);
//                       unset: replay spec/fixtures/recordings/llama-server/ instead
//   CHATWIRE_API_KEY    its key (default: OPENAI_API_KEY, as newClient reads it)
//   CHATWIRE_MODEL      the model to ask (default: gpt-4.1-nano live, tiny-qwen2 in the replay)
//   CHATWIRE_RECORD_TO  live only: record the sample's traffic to this file (chatwire/testing)

import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { type ClientOption, withApiKey, withBaseUrl, withFetch } from "chatwire";
import { loadRecording, recordTraffic, replayTraffic, type TimedRecording } from "chatwire/testing";

/** Where the recorded llama.cpp traffic lives, from the repository's root. */
export const recordingsFolder = "spec/fixtures/recordings/llama-server";

const recordingsUrl = new URL(`../../${recordingsFolder}/`, import.meta.url);

/** The base URL the replay answers on: llama-server's default address (nothing is sent there). */
export const replayBaseUrl = "http://127.0.0.1:8080/v1";

/** What a sample needs to reach its server. */
export interface SampleSetup {
  /** True when the sample replays recorded traffic instead of calling a live server. */
  readonly isReplay: boolean;
  /** The model to name in requests. */
  readonly model: string;
  /** The client options that reach the server (or the replay): `newClient(...setup.clientOptions)`. */
  readonly clientOptions: readonly ClientOption[];
  /** Waits for the traffic recording to be written, when `CHATWIRE_RECORD_TO` asked for one. */
  readonly finish: () => Promise<void>;
}

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
};

/** The sample's recordings, joined into one: a replay answers each request with the next exchange. */
export async function loadRecordings(names: readonly string[]): Promise<TimedRecording> {
  const recordings: TimedRecording[] = [];
  for (const name of names) {
    const path = fileURLToPath(new URL(`${name}.json`, recordingsUrl));
    const loaded = await loadRecording(path);
    if (loaded.isErr()) {
      console.error(`cannot replay ${name}: ${loaded.error.message}`);
      process.exit(1);
    }
    recordings.push(loaded.value);
  }
  const [first] = recordings;
  if (first === undefined) {
    console.error("a replayed sample needs at least one recording");
    process.exit(1);
  }
  return { ...first, exchanges: recordings.flatMap((recording) => recording.exchanges) };
}

function liveSetup(baseUrl: string): SampleSetup {
  const model = env("CHATWIRE_MODEL") ?? "gpt-4.1-nano";
  const apiKey = env("CHATWIRE_API_KEY");
  const recordTo = env("CHATWIRE_RECORD_TO");
  const recorder = recordTo === undefined ? undefined : recordTraffic(recordTo);
  console.log(
    `live: ${baseUrl}, model ${model}${recorder === undefined ? "" : `, recording to ${recordTo}`}`,
  );
  return {
    isReplay: false,
    model,
    clientOptions: [
      withBaseUrl(baseUrl),
      ...(apiKey === undefined ? [] : [withApiKey(apiKey)]),
      // Last, so that it records what the client really sends.
      ...(recorder === undefined ? [] : [recorder]),
    ],
    finish: async () => {
      if (recorder === undefined) return;
      const written = await recorder.flush();
      written.match(
        ({ path, exchanges }) => console.log(`recorded ${exchanges} exchanges to ${path}`),
        (error) => console.error(`recording failed: ${error.message}`),
      );
    },
  };
}

/**
 * Sets a sample up and prints how on the first line of output: against `CHATWIRE_BASE_URL` when it is
 * set, otherwise replaying the named recordings of a real llama.cpp server at their recorded pace.
 * @param recordings the recordings replayed, in the order the sample sends its requests.
 */
export async function newSampleSetup(recordings: readonly string[]): Promise<SampleSetup> {
  const baseUrl = env("CHATWIRE_BASE_URL");
  if (baseUrl !== undefined) return liveSetup(baseUrl);
  const recording = await loadRecordings(recordings);
  const files = recordings.map((name) => `${recordingsFolder}/${name}.json`).join(", ");
  console.log(
    `replay: no CHATWIRE_BASE_URL set, so this replays real llama.cpp traffic at its recorded pace (${files})`,
  );
  console.log("(the recorded model has random weights: its free text is gibberish by design)");
  if (env("CHATWIRE_RECORD_TO") !== undefined) console.log("(CHATWIRE_RECORD_TO is ignored while replaying)");
  return {
    isReplay: true,
    model: env("CHATWIRE_MODEL") ?? "tiny-qwen2",
    clientOptions: [withBaseUrl(replayBaseUrl), withFetch(replayTraffic(recording, { speed: 1 }))],
    finish: async () => undefined,
  };
}

/**
 * Gives the base URL of an endpoint that is down: a loopback port that was free a moment ago, so that
 * connecting to it is refused at once.
 */
export async function downEndpointUrl(): Promise<string> {
  const server = createServer();
  const port = await new Promise<number>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    });
  });
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}
