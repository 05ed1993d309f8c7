import type { Random } from "../internal/seeded-random.ts";

/** A standard normal sample (Box–Muller). */
function normal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A sample of the gamma distribution with the given shape and scale (Marsaglia and Tsang's method; a
 * shape below 1 is boosted and scaled back). Its mean is `shape × scale`.
 */
export function gammaSample(random: Random, shape: number, scale: number): number {
  if (shape < 1) return gammaSample(random, shape + 1, scale) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

/**
 * The wait before the next request at `ratePerSecond` requests per second, in milliseconds: gamma
 * distributed with shape `burstiness` and mean `1000 / ratePerSecond`, as `vllm bench serve` draws them.
 * A burstiness of 1 gives Poisson arrivals (exponential waits); below 1 burstier, above 1 more regular.
 */
export function arrivalGapMs(random: Random, ratePerSecond: number, burstiness: number): number {
  return gammaSample(random, burstiness, 1000 / (ratePerSecond * burstiness));
}
