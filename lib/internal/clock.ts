import { Result } from "neverthrow";

/** A monotonic clock in milliseconds, such as `performance.now`. */
export type Clock = () => number;

/** `performance.now`, the clock every part uses unless told otherwise. */
export const systemClock: Clock = () => performance.now();

/** The clock a caller gave, read through {@link guardedClock}; {@link systemClock} when none was given. */
export const callerClock = (given: Clock | undefined): Clock =>
  typeof given === "function" ? guardedClock(given) : systemClock;

/**
 * A caller's clock that cannot break a call: a reading it throws, or one that is not a number, is `NaN`
 * (a latency of `NaN` says the clock is broken; a throw would end the call). Costs a `Result` per reading,
 * only for clocks a caller gives.
 */
export function guardedClock(clock: Clock): Clock {
  const read = Result.fromThrowable(clock, () => Number.NaN);
  return () => {
    const reading = read();
    return reading.isOk() && typeof reading.value === "number" ? reading.value : Number.NaN;
  };
}
