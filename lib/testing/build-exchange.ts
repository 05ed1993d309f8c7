import { toBase64 } from "./base64.ts";
import type { ReadBody } from "./read-recorded-body.ts";
import type { RecordedExchange, RecordedRequest } from "./recording-types.ts";
import { redactChunks, redactText, scrubResponseHeaders } from "./scrub-secrets.ts";

/** What the recorder knows about a response once its body has ended. */
export interface ResponseSeen {
  readonly status: number;
  readonly headersAtMs: number;
  readonly headers: Headers;
  readonly body: ReadBody;
}

function joined(chunks: readonly { readonly bytes: Uint8Array }[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.bytes.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk.bytes, offset);
    offset += chunk.bytes.length;
  }
  return out;
}

/**
 * Builds the recorded form of an exchange, every secret removed: from the request body, the response
 * headers and the response body, where it may be split across chunks.
 */
export function buildExchange(
  request: RecordedRequest,
  response: ResponseSeen,
  secrets: readonly string[],
): RecordedExchange {
  const chunks = redactChunks(response.body.chunks, secrets);
  const { error } = response.body;
  return {
    request: { ...request, body: redactText(request.body, secrets) },
    response: {
      status: response.status,
      headersAtMs: response.headersAtMs,
      headers: scrubResponseHeaders(response.headers, secrets),
      chunks: chunks.map((chunk) => ({ atMs: chunk.atMs, base64: toBase64(chunk.bytes) })),
      body: new TextDecoder().decode(joined(chunks)),
      ...(error === undefined ? {} : { error: redactText(error, secrets) }),
    },
  };
}
