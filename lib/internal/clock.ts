/** A monotonic clock in milliseconds, such as `performance.now`. */
export type Clock = () => number;
