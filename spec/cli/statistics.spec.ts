import { describe, expect, it } from "vitest";
import { arrivalGapMs, gammaSample } from "../../lib/cli/random.ts";
import { percentile, summarize } from "../../lib/cli/statistics.ts";
import { newSeededRandom } from "../../lib/internal/seeded-random.ts";

describe("summarize", () => {
  it("gives numpy's figures: mean, median, population std, linear percentiles", () => {
    // numpy: np.percentile([10, 20, 30, 40, 100], [50, 90, 95, 99]) = [30, 76, 88, 97.6]; np.std = 31.62...
    expect(summarize([40, 10, 100, 30, 20])).toStrictEqual({
      count: 5,
      mean: 40,
      median: 30,
      std: Math.sqrt(1000),
      min: 10,
      max: 100,
      p50: 30,
      p90: 76,
      p95: expect.closeTo(88, 10),
      p99: expect.closeTo(97.6, 10),
    });
  });

  it("takes the mean of the two middle values for an even count, and one value as every statistic", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(summarize([7])).toMatchObject({ mean: 7, median: 7, std: 0, p99: 7 });
  });

  it("gives nothing for no values", () => {
    expect(summarize([])).toBeUndefined();
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("arrival gaps", () => {
  it("are reproducible from the seed", () => {
    const draw = (seed: number) => {
      const random = newSeededRandom(seed);
      return Array.from({ length: 5 }, () => arrivalGapMs(random, 4, 1));
    };
    expect(draw(7)).toStrictEqual(draw(7));
    expect(draw(7)).not.toStrictEqual(draw(8));
  });

  it("average 1000 / rate ms, Poisson at burstiness 1 (std = mean), more regular above 1", () => {
    const random = newSeededRandom(1);
    const gaps = (burstiness: number) =>
      summarize(Array.from({ length: 20_000 }, () => arrivalGapMs(random, 4, burstiness)));
    const poisson = gaps(1);
    expect(poisson?.mean).toBeCloseTo(250, -1);
    expect((poisson?.std ?? 0) / (poisson?.mean ?? 1)).toBeCloseTo(1, 1);
    // A gamma's coefficient of variation is 1 / sqrt(shape).
    const regular = gaps(4);
    expect(regular?.mean).toBeCloseTo(250, -1);
    expect((regular?.std ?? 0) / (regular?.mean ?? 1)).toBeCloseTo(0.5, 1);
    const bursty = summarize(Array.from({ length: 20_000 }, () => gammaSample(random, 0.25, 4)));
    expect(bursty?.mean).toBeCloseTo(1, 1);
  });
});
