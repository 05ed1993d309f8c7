/** A text part of a message's content. */
export interface TextPart {
  readonly type: "text";
  readonly text: string;
}

/** How closely the model looks at an image. */
export type ImageDetail = "auto" | "low" | "high";

/** An image part: a URL or a `data:` URL. */
export interface ImagePart {
  readonly type: "image_url";
  readonly image_url: { readonly url: string; readonly detail?: ImageDetail };
}

/** Audio formats accepted in `input_audio` parts. */
export type AudioFormat = "wav" | "mp3";

/** An audio part: base64 data with its format. */
export interface AudioPart {
  readonly type: "input_audio";
  readonly input_audio: { readonly data: string; readonly format: AudioFormat };
}

/** Any part of a user message's content. */
export type ContentPart = TextPart | ImagePart | AudioPart;

/**
 * Creates a text content part.
 *
 * @example
 * ```ts
 * newUserMessage([newTextPart("What is in this image?"), newImagePart("https://example.com/cat.png")]);
 * ```
 */
export function newTextPart(text: string): TextPart {
  return { type: "text", text };
}

/**
 * Creates an image content part from a URL or a `data:` URL.
 *
 * @param options.detail how closely the model looks at the image; omitted means the server's default.
 */
export function newImagePart(url: string, options: { readonly detail?: ImageDetail } = {}): ImagePart {
  const { detail } = options ?? {};
  return { type: "image_url", image_url: detail === undefined ? { url } : { url, detail } };
}

/** Creates an `input_audio` content part from base64 data. */
export function newAudioPart(data: string, format: AudioFormat): AudioPart {
  return { type: "input_audio", input_audio: { data, format } };
}
