const hidden = "[redacted]";
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** A value that prints, serialises and inspects as `[redacted]`; only `revealSecret` gives it back. */
export interface Secret {
  readonly toJSON: () => string;
  readonly toString: () => string;
}

const values = new WeakMap<Secret, string>();

/** Wraps a secret so that no log line, error or `JSON.stringify` can show it. */
export function newSecret(value: string): Secret {
  const secret: Secret = {
    toJSON: () => hidden,
    toString: () => hidden,
    [inspectSymbol]: () => hidden,
  } as Secret;
  values.set(secret, value);
  return secret;
}

/** Gives back the value of a secret, for the one place that must send it. */
export function revealSecret(secret: Secret): string {
  return values.get(secret) ?? "";
}

/** Replaces every occurrence of the given secrets in a text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(hidden);
  }
  return out;
}
