/** What chatwire uses of ky: its default instance and the predicates that tell its errors apart. */
export type KyModule = typeof import("./ky-parts.ts");

let loading: Promise<KyModule> | undefined;

/**
 * Loads ky on the first request instead of at `import "chatwire"`. ky builds a `Request` when it loads (to
 * detect request streams), which makes Node load its fetch implementation (undici, about 40 ms): a
 * program that imports chatwire pays that on its first request, as a program calling `fetch` does, not at
 * start-up. Later calls get the loaded module.
 */
export function loadKy(): Promise<KyModule> {
  loading ??= import("./ky-parts.ts");
  return loading;
}
