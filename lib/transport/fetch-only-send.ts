import type { SendRequest } from "./http-reply.ts";

/**
 * What the default build has in place of `node-send.ts` (see .config/tsdown.config.ts): browsers, Deno,
 * Bun and workers send through fetch, so their bundles carry no node:http code. Node resolves the package's
 * `node` export, built with the real one.
 */
export function nodeSend(): SendRequest | undefined {
  return undefined;
}
