/**
 * A shared budget: at most `rpm` requests and `tpm` tokens a minute, spread evenly over the minute (a
 * request goes when the key's window has room for it: with `rpm: 60`, one a second). Unset means no limit.
 */
export interface Budget {
  /** Requests a minute. */
  readonly rpm?: number;
  /** Tokens a minute: each request reserves its estimate, corrected by the usage the answer reports. */
  readonly tpm?: number;
}

/** What one attempt asks of a rate-limited key: its budget, and the tokens it reserves. */
export interface StoreRate {
  /** The rate-limited key: an endpoint's label, or a name the user gives (one provider account). */
  readonly key: string;
  readonly budget: Budget;
  /** The tokens this attempt reserves against `budget.tpm` (its estimate). */
  readonly tokens: number;
}

/** What one attempt reads (the cool-downs of `endpoints`) and reserves (a slot of `rate`), in one step. */
export interface StoreAttempt {
  /** The labels of the endpoints the attempt may go to. */
  readonly endpoints: readonly string[];
  /** The rate-limited key to check and, when it has room, to charge; none for a key-less attempt. */
  readonly rate?: StoreRate;
}

/** An endpoint's cool-down as a store knows it. */
export interface StoreEjection {
  /** How long the endpoint stays left out, in milliseconds from the store's answer (0 when healthy). */
  readonly forMs: number;
  /** Why it was left out (`"http 503"`, `"network"`), empty when healthy. */
  readonly reason: string;
}

/** A store's answer to one attempt. */
export interface StoreAnswer {
  /** The cool-downs of the attempt's endpoints, in the order asked. */
  readonly ejections: readonly StoreEjection[];
  /**
   * 0 when the rate had room and the attempt was charged; otherwise how long, in milliseconds, until it
   * may have room (a pause, or a spent budget), and nothing was charged.
   */
  readonly waitMs: number;
}

/**
 * Where a router and its rate limiters keep the state that processes share: each endpoint's cool-down
 * and each rate-limited key's pause and budget. Durations, never clock readings, cross this interface, so
 * that a store on another machine (Redis) answers on its own clock. A store never throws and never
 * rejects; a plain value (the in-process store) is used at once, a promise is awaited.
 * Hint: {@link newMemoryStore} is the in-process default; `newRedisStore` (`chatwire/redis`) shares it.
 */
export interface RouterStore {
  /** Reads the cool-downs of an attempt's endpoints and checks and charges its rate, atomically. */
  readonly begin: (attempt: StoreAttempt) => StoreAnswer | Promise<StoreAnswer>;
  /** Leaves an endpoint out for `forMs` milliseconds (never shortening a longer cool-down). */
  readonly eject: (endpoint: string, forMs: number, reason: string) => void | Promise<void>;
  /** Pauses every attempt of a rate-limited key for `forMs` milliseconds (never shortening a longer pause). */
  readonly pause: (key: string, forMs: number) => void | Promise<void>;
  /**
   * Corrects a charged token estimate by `tokens` (the reported usage minus the estimate; negative gives
   * tokens back).
   */
  readonly settle: (key: string, budget: Budget, tokens: number) => void | Promise<void>;
}

/** Whether a store's answer must be awaited. */
export const isPending = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | undefined)?.then === "function";
