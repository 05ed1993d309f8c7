import type { BenchClient, ClientName } from "./bench-client.ts";

/**
 * One client the bench can run: how to open it against the bench server, and what its import-cost
 * measurement loads. Adapters are imported lazily, so a worker loads only the client it measures.
 */
export interface ClientVariant {
  readonly name: ClientName;
  /** One line for the README and `--help`: what the variant is. */
  readonly about: string;
  readonly open: (baseUrl: string) => Promise<BenchClient>;
  /**
   * What the import row loads, `await import(...)` of each in turn: the client's own packages, nothing of
   * the bench.
   */
  readonly importSpecifiers: () => Promise<readonly string[]>;
}

const chatwireImport = async (): Promise<string> => (await import("./chatwire.ts")).chatwireDistUrl.href;

/**
 * Every client the bench knows, raw first. A variant of a client (the same package with other options) is
 * one more entry here, and a comparison between two of them one more target in `support/targets.ts`
 * (`chatwire-telemetry` against `chatwire`).
 */
export const clientVariants: readonly ClientVariant[] = [
  {
    name: "raw",
    about: "fetch, a hand-rolled SSE line splitter and JSON.parse: the floor",
    open: async (baseUrl) => (await import("./raw.ts")).newRawClient(baseUrl),
    // Raw imports nothing; an empty module keeps the dynamic-import machinery in the figure.
    importSpecifiers: async () => ["data:text/javascript,export default 0"],
  },
  {
    name: "ky",
    about: "ky configured as chatwire configures it, with raw's SSE loop: the floor of chatwire's HTTP stack",
    open: async (baseUrl) => (await import("./ky.ts")).newKyClient(baseUrl),
    importSpecifiers: async () => ["ky"],
  },
  {
    name: "chatwire",
    about: "chatwire from dist/ with its defaults, as its README shows it",
    open: async (baseUrl) => {
      const adapter = await import("./chatwire.ts");
      return adapter.newChatwireClient(await adapter.loadChatwire(), baseUrl);
    },
    importSpecifiers: async () => [await chatwireImport()],
  },
  {
    name: "chatwire-telemetry",
    about: "chatwire from dist/ with withTelemetry (chatwire/otel) on the real OpenTelemetry SDK",
    open: async (baseUrl) => {
      const adapter = await import("./chatwire.ts");
      const telemetry = await import("./chatwire-telemetry.ts");
      return adapter.newChatwireClient(
        await adapter.loadChatwire(),
        baseUrl,
        await telemetry.withSdkTelemetry(),
      );
    },
    importSpecifiers: async () => [
      await chatwireImport(),
      (await import("./chatwire-telemetry.ts")).chatwireOtelDistUrl.href,
    ],
  },
  {
    name: "openai",
    about: "the official openai package, retries off",
    open: async (baseUrl) => (await import("./openai.ts")).newOpenAiClient(baseUrl),
    importSpecifiers: async () => ["openai"],
  },
];

/** The clients a run measures unless `--clients` says otherwise. */
export const defaultClientNames: readonly ClientName[] = [
  "raw",
  "ky",
  "chatwire",
  "chatwire-telemetry",
  "openai",
];

/** The variant of that name; throws on an unknown name (a mistyped `--clients` stops the run at once). */
export function findVariant(name: ClientName): ClientVariant {
  const variant = clientVariants.find((entry) => entry.name === name);
  if (variant === undefined) {
    throw new Error(`no bench client "${name}": ${clientVariants.map((entry) => entry.name).join(", ")}`);
  }
  return variant;
}
