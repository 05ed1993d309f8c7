import type { ClientConfig, FetchFunction } from "../client/client-config.ts";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { revealSecret } from "../internal/secret.ts";
import { fetchReply, type HttpReply, type OutgoingRequest, type SendRequest } from "./http-reply.ts";
import { nodeSend } from "./node-send.ts";

/** What one HTTP request adds to the client's own settings: all of an outgoing request but its URL. */
export type SendInit = Omit<OutgoingRequest, "url">;

/** Sends one HTTP request to a path below the base URL; rejects only as the socket fails. */
export type Send = (path: string, init: SendInit) => Promise<HttpReply>;

/** A configured client's connection to its server: how to send a request and what every call needs. */
export interface Transport {
  readonly config: ClientConfig;
  readonly send: Send;
  /** The base URL without a trailing slash, for messages. */
  readonly baseUrl: string;
  /** Values that must never leave in an error: the API key and secret-looking headers. */
  readonly secrets: readonly string[];
  /** A configuration problem, reported by every call before any network call. */
  readonly problem: InvalidRequestError | undefined;
}

const secretHeader = /authorization|api-key|apikey|token|secret|cookie|password/i;
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const isCount = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;
const isSize = (value: number): boolean => Number.isSafeInteger(value) && value >= 1;
const isPositive = (value: number): boolean => Number.isFinite(value) && value > 0;
const isDelay = (value: number): boolean => Number.isFinite(value) && value >= 0;

function numberProblem(config: ClientConfig): InvalidRequestError | undefined {
  const rules = [
    ["timeoutMs", isPositive, "a finite number > 0"],
    ["firstByteTimeoutMs", isPositive, "a finite number > 0"],
    ["idleTimeoutMs", isPositive, "a finite number > 0"],
    ["maxRetries", isCount, "an integer ≥ 0"],
    ["maxRetryDelayMs", isDelay, "a finite number ≥ 0"],
    ["maxBodyBytes", isSize, "an integer ≥ 1"],
    ["maxEventBytes", isSize, "an integer ≥ 1"],
  ] as const;
  for (const [field, fits, what] of rules) {
    const value = config[field];
    if (value !== undefined && !fits(value)) {
      return newInvalidRequestError(field, `must be ${what}, got ${String(value)}`);
    }
  }
  return undefined;
}

function configProblem(config: ClientConfig, key: string): InvalidRequestError | undefined {
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
  return numberProblem(config);
}

/** Sends through a fetch function. Redirects are answered, never followed: the prompt and the key go only to the server the user named. */
function viaFetch(fetch: FetchFunction): SendRequest {
  return ({ url, ...init }) => fetch(url, { ...init, redirect: "manual" }).then(fetchReply);
}

/**
 * How a client sends: through the fetch given with `withFetch`, else through `node:http` on Node (see
 * {@link nodeSend}), else through the global fetch, looked up at call time so that a fetch patched after
 * the client was made (a mock, a recorder) is used.
 */
function sendRequestOf(config: ClientConfig): SendRequest {
  const send =
    config.fetch === undefined
      ? (nodeSend() ?? viaFetch((input, init) => globalThis.fetch(input, init)))
      : viaFetch(config.fetch);
  return config.wrapSend?.(send) ?? send;
}

/**
 * Builds the transport of a client: checks the configuration and prepares the one request every call goes
 * through. Header names are lower-cased once, so that a call's own `accept` or `content-type` replaces
 * the client's rather than joining it.
 */
export function newTransport(config: ClientConfig): Transport {
  const key = config.apiKey === undefined ? "" : revealSecret(config.apiKey);
  const problem = configProblem(config, key);
  // What no error may show: the key, and the values of secret-looking headers (without `Bearer `).
  const secrets = [key];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) {
    headers[name.toLowerCase()] = value;
    if (secretHeader.test(name) && typeof value === "string") secrets.push(value.replace(/^Bearer\s+/i, ""));
  }
  const keyHeader = config.provider?.apiKeyHeader;
  if (key !== "" && problem === undefined) {
    if (keyHeader === undefined) headers.authorization = `Bearer ${key}`;
    else headers[keyHeader.toLowerCase()] = key;
  }
  const baseUrl = String(config.baseUrl).replace(/\/+$/, "");
  const sendRequest = sendRequestOf(config);
  const query = config.provider?.query;
  const search = query === undefined ? "" : new URLSearchParams(query).toString();
  const send: Send = (path, init) => {
    const url = `${baseUrl}/${path}`;
    return sendRequest({
      url: search === "" ? url : `${url}${url.includes("?") ? "&" : "?"}${search}`,
      ...init,
      headers: { ...headers, ...init.headers },
    });
  };
  return { config, send, baseUrl, secrets: secrets.filter((value) => value.length >= 4), problem };
}
