import ky, { type KyInstance } from "ky";
import type { ClientConfig } from "../client/client-config.ts";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { revealSecret } from "../internal/secret.ts";

/** A configured client's connection to its server: one ky instance and what every call needs. */
export interface Transport {
  readonly config: ClientConfig;
  readonly api: KyInstance;
  /** The base URL without a trailing slash, for messages. */
  readonly baseUrl: string;
  /** Values that must never leave in an error: the API key and secret-looking headers. */
  readonly secrets: readonly string[];
  /** A configuration problem, reported by every call before any network call. */
  readonly problem: InvalidRequestError | undefined;
}

const secretHeader = /authorization|api-key|apikey|token|secret|cookie|password/i;
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function configProblem(config: ClientConfig): InvalidRequestError | undefined {
  const url = URL.canParse(config.baseUrl) ? new URL(config.baseUrl) : undefined;
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return newInvalidRequestError("baseUrl", "must be an absolute http:// or https:// URL");
  }
  for (const [name, value] of Object.entries(config.headers)) {
    if (!headerName.test(name))
      return newInvalidRequestError(`headers.${name}`, "is not a valid header name");
    if (/[\r\n\0]/.test(value))
      return newInvalidRequestError(`headers.${name}`, "must not contain CR, LF or NUL");
  }
  const key = config.apiKey === undefined ? "" : revealSecret(config.apiKey);
  if (/[\r\n\0]/.test(key)) return newInvalidRequestError("apiKey", "must not contain CR, LF or NUL");
  for (const [name, value] of [
    ["timeoutMs", config.timeoutMs],
    ["maxRetries", config.maxRetries],
  ] as const) {
    if (!Number.isFinite(value) || value < 0)
      return newInvalidRequestError(name, "must be a finite number ≥ 0");
  }
  return undefined;
}

/** Builds the transport of a client: checks the configuration and creates its one ky instance. */
export function newTransport(config: ClientConfig): Transport {
  const problem = configProblem(config);
  const key = config.apiKey === undefined ? "" : revealSecret(config.apiKey);
  const secrets = [
    key,
    ...Object.entries(config.headers)
      .filter(([name]) => secretHeader.test(name))
      .map(([, value]) => value.replace(/^Bearer\s+/i, "")),
  ].filter((value) => value.length >= 4);
  const headers: Record<string, string> = { ...config.headers };
  if (key !== "" && problem === undefined) headers.authorization = `Bearer ${key}`;
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const api = ky.create({
    ...(problem === undefined ? { prefix: baseUrl } : {}),
    headers: problem === undefined ? headers : {},
    throwHttpErrors: false,
    retry: 0,
    timeout: false,
    redirect: "manual",
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
  });
  return { config, api, baseUrl, secrets, problem };
}
