// atob/btoa rather than Buffer, so that replays also run where there is no Node (a browser test).
const blockSize = 0x8000;

/** Encodes bytes as base64. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += blockSize) {
    binary += String.fromCharCode(...bytes.subarray(start, start + blockSize));
  }
  return btoa(binary);
}

/** Decodes base64 that the recording schema has already checked. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Tells whether a text is canonical base64 (what `toBase64` and the recorders write). */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}
