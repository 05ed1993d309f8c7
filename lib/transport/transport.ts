import type { Hooks, KyInstance, Options } from "ky";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { type NumberRule, numberProblem } from "../errors/number-problem.ts";
import { revealSecret } from "../internal/secret.ts";
import { type KyModule, loadKy } from "./load-ky.ts";
import type { FetchFunction, TransportConfig } from "./transport-config.ts";

/** What sends a client's requests: made on its first request, when ky is loaded ({@link loadKy}). */
export interface Sender {
  /** What chatwire uses of ky's module: its default instance and the predicates that tell its errors apart. */
  readonly module: KyModule;
  /** The client's ky instance: every request goes through it. */
  readonly ky: KyInstance;
  /** The fetch the instance sends through, which each call wraps to time and guard its attempts. */
  readonly fetch: FetchFunction;
  /**
   * Whether every request ky makes carries the JSON body chatwire gives it, as chatwire serialises it: no
   * hook that can replace a request (`init`, `beforeRequest`, `beforeRetry`, `afterResponse`), no
   * `stringifyJson` and no `onUploadProgress` (which reads the body ky hands over). Each attempt then hands fetch that text too, which spares undici a copy of the
   * request's body stream per attempt (an identity TransformStream).
   */
  readonly isBodyKnown: boolean;
  /** How the instance writes a JSON body: its `stringifyJson` (a `withKy` instance's), else `JSON.stringify`. */
  readonly stringify: (data: unknown) => string;
}

/** A configured client's connection to its server: how to send a request and what every call needs. */
export interface Transport {
  readonly config: TransportConfig;
  /** The client's {@link Sender}, made once, on the first call. */
  readonly sender: () => Promise<Sender>;
  /** The base URL without a trailing slash, for messages. */
  readonly baseUrl: string;
  /** Values that must never leave in an error: the API key and secret-looking headers. */
  readonly secrets: readonly string[];
  /** A configuration problem, reported by every call before any network call. */
  readonly problem: InvalidRequestError | undefined;
}

const secretHeader = /authorization|api-key|apikey|token|secret|cookie|password/i;
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const numberRules = [
  ["timeoutMs", "positive"],
  ["firstByteTimeoutMs", "positive"],
  ["idleTimeoutMs", "positive"],
  ["streamTimeoutMs", "positive"],
  ["maxRetries", "count"],
  ["maxRetryDelayMs", "nonNegative"],
  ["maxBodyBytes", "size"],
  ["maxEventBytes", "size"],
] as const satisfies ReadonlyArray<readonly [keyof TransportConfig, NumberRule]>;

function numbersProblem(config: TransportConfig): InvalidRequestError | undefined {
  for (const [field, rule] of numberRules) {
    const problem = numberProblem(field, config[field], rule);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function configProblem(config: TransportConfig, key: string): InvalidRequestError | undefined {
  const url = URL.canParse(config.baseUrl) ? new URL(config.baseUrl) : undefined;
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return newInvalidRequestError("baseUrl", "must be an absolute http:// or https:// URL");
  }
  // fetch refuses such URLs, and a password in a URL would end up in every error message.
  if (url.username !== "" || url.password !== "") {
    return newInvalidRequestError(
      "baseUrl",
      "must not hold credentials (user:password@); use withApiKey or withHeaders",
    );
  }
  for (const [name, value] of Object.entries(config.headers)) {
    if (!headerName.test(name))
      return newInvalidRequestError(`headers.${name}`, "is not a valid header name");
    if (typeof value !== "string" || /[\r\n\0]/.test(value))
      return newInvalidRequestError(`headers.${name}`, "must be a string without CR, LF or NUL");
  }
  if (/[\r\n\0]/.test(key)) return newInvalidRequestError("apiKey", "must not contain CR, LF or NUL");
  if (typeof config.clock !== "function") return newInvalidRequestError("clock", "must be a function");
  return numbersProblem(config);
}

/**
 * The fetch ky sends through: `withFetch`'s, else the `withKy` instance's, else the global fetch looked up
 * at call time (so that a fetch patched after the client was made, a mock or a recorder, is used); gated
 * by `withRateLimiter` when set.
 */
function fetchOf(config: TransportConfig, parentFetch: FetchFunction | undefined): FetchFunction {
  const fetch = config.fetch ?? parentFetch ?? ((input, init) => globalThis.fetch(input, init));
  return config.wrapFetch?.(fetch) ?? fetch;
}

const mayReplaceRequest = (hooks: Hooks | undefined): boolean =>
  (hooks?.init?.length ?? 0) +
    (hooks?.beforeRequest?.length ?? 0) +
    (hooks?.beforeRetry?.length ?? 0) +
    (hooks?.afterResponse?.length ?? 0) >
  0;

/**
 * Builds the transport of a client: checks the configuration and, on the first call, makes the client's
 * one ky instance (extending a `withKy` instance when given): the base URL as ky's `prefix`, the headers
 * with the key, the provider's query, redirects answered and never followed, `withHooks`' hooks, and none
 * of ky's defaults (10 s timeout, no POST retry): each call sets its own timeout and retries. Header names
 * are lower-cased once, so that a call's own `accept` or `content-type` replaces the client's rather than
 * joining it.
 */
export function newTransport(config: TransportConfig): Transport {
  const key = config.apiKey === undefined ? "" : revealSecret(config.apiKey);
  const problem = configProblem(config, key);
  // What no error may show: the key, and the values of secret-looking headers (without `Bearer `).
  const secrets = [key];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) {
    headers[name.toLowerCase()] = value;
    if (secretHeader.test(name) && typeof value === "string") secrets.push(value.replace(/^Bearer\s+/i, ""));
  }
  const keyHeader = config.apiKeyHeader;
  if (key !== "" && problem === undefined) {
    if (keyHeader === undefined) headers.authorization = `Bearer ${key}`;
    else headers[keyHeader.toLowerCase()] = key;
  }
  const baseUrl = String(config.baseUrl).replace(/\/+$/, "");
  const query = config.query;
  const makeSender = async (): Promise<Sender> => {
    const module = await loadKy();
    let fetch: FetchFunction = (input, init) => globalThis.fetch(input, init);
    let isBodyKnown = false;
    let stringify: (data: unknown) => string = JSON.stringify;
    const ky = (config.ky ?? module.ky).extend((parent: Options): Options => {
      fetch = fetchOf(config, parent.fetch);
      stringify = parent.stringifyJson ?? JSON.stringify;
      isBodyKnown =
        !mayReplaceRequest(parent.hooks) &&
        !mayReplaceRequest(config.hooks) &&
        parent.stringifyJson === undefined &&
        parent.onUploadProgress === undefined;
      return {
        prefix: baseUrl,
        headers: problem === undefined ? headers : {},
        ...(query === undefined ? {} : { searchParams: query }),
        redirect: "manual",
        throwHttpErrors: true,
        timeout: false,
        totalTimeout: false,
        retry: {
          limit: 0,
          methods: ["get", "post"],
          backoffLimit: Number.POSITIVE_INFINITY,
          jitter: undefined,
        },
        // No `fetch`: every call gives its own, which times and guards each attempt through `Sender.fetch`.
        ...(config.hooks === undefined ? {} : { hooks: config.hooks }),
      };
    });
    return { module, ky, fetch, isBodyKnown, stringify };
  };
  let sender: Promise<Sender> | undefined;
  return {
    config,
    sender: () => {
      sender ??= makeSender();
      return sender;
    },
    baseUrl,
    secrets: secrets.filter((value) => value.length >= 4),
    problem,
  };
}
