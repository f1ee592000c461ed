import { describe, expect, it } from "vitest";
import { applyExplorationFloor, posteriorOf, probabilityBest, sampleBeta, sampleGamma, thompsonShares, winner, type BetaArm } from "./bandit";
import { SeededRandom } from "./random";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSquares / n - mean * mean };
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe("Beta and Gamma samplers (Marsaglia–Tsang)", () => {
  it("Beta(2, 5): mean 2/7 = 0.2857 and variance 2·5/(7²·8) = 10/392 = 0.02551 over 100,000 draws", () => {
    const rng = new SeededRandom(1);
    const { mean, variance } = moments(() => sampleBeta(2, 5, rng), 100_000);
    // Standard errors: √(0.0255/1e5) = 0.0005 for the mean, about 0.0001 for the variance.
    expect(mean).toBeCloseTo(2 / 7, 2);
    expect(Math.abs(mean - 2 / 7)).toBeLessThan(0.002);
    expect(Math.abs(variance - 10 / 392)).toBeLessThan(0.0006);
  });

  it("Gamma(0.5) (the U^(1/a) boost) has mean 0.5 and variance 0.5; Gamma(3) has mean 3 and variance 3", () => {
    const rng = new SeededRandom(2);
    const small = moments(() => sampleGamma(0.5, rng), 100_000);
    expect(Math.abs(small.mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(small.variance - 0.5)).toBeLessThan(0.03);
    const three = moments(() => sampleGamma(3, rng), 100_000);
    expect(Math.abs(three.mean - 3)).toBeLessThan(0.03);
    expect(Math.abs(three.variance - 3)).toBeLessThan(0.1);
  });

  it("the same seed gives the same draws", () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    expect(Array.from({ length: 5 }, () => sampleBeta(3, 4, a))).toEqual(Array.from({ length: 5 }, () => sampleBeta(3, 4, b)));
  });

  it("refuses a non-positive shape", () => {
    expect(() => sampleGamma(0, new SeededRandom(1))).toThrow(RangeError);
  });
});

describe("posterior and probability of being best", () => {
  it("1,000 sent and 100 redeemed from Beta(1, 1) is Beta(101, 901)", () => {
    expect(posteriorOf(1000, 100)).toEqual({ alpha: 101, beta: 901 });
    expect(posteriorOf(0, 0)).toEqual({ alpha: 1, beta: 1 });
  });

  it("two equal arms Beta(10, 10) each win about half the 10,000 draws (0.5 ± 0.02)", () => {
    const p = probabilityBest([posteriorOf(18, 9), posteriorOf(18, 9)], { rng: new SeededRandom(3) });
    expect(sum(p)).toBeCloseTo(1, 12);
    expect(Math.abs(p[0]! - 0.5)).toBeLessThan(0.02);
  });

  it("Beta(101, 901) (10.0% of 1,000) beats Beta(51, 951) (5.0% of 1,000) in more than 99% of draws (exactly 0.99999 by integration)", () => {
    const p = probabilityBest([posteriorOf(1000, 100), posteriorOf(1000, 50)], { rng: new SeededRandom(4) });
    expect(p[0]).toBeGreaterThan(0.99);
    expect(p[1]).toBeLessThan(0.01);
  });

  it("Beta(30, 70) beats Beta(25, 75) with probability 0.7874 (∫ f₁ F₂ by quadrature): Monte Carlo within 0.015", () => {
    const p = probabilityBest([{ alpha: 30, beta: 70 }, { alpha: 25, beta: 75 }], { draws: 10_000, rng: new SeededRandom(5) });
    expect(Math.abs(p[0]! - 0.7874)).toBeLessThan(0.015);
  });
});

describe("Thompson shares with an exploration floor", () => {
  it("p = [0.70, 0.25, 0.05] with floor 0.10: the third arm is raised to 0.10 and 0.90 is split 70:25 = [0.6632, 0.2368, 0.10]", () => {
    const shares = applyExplorationFloor([0.7, 0.25, 0.05], 0.1);
    expect(shares[0]).toBeCloseTo((0.9 * 0.7) / 0.95, 12);
    expect(shares[1]).toBeCloseTo((0.9 * 0.25) / 0.95, 12);
    expect(shares[2]).toBe(0.1);
  });

  it("p = [0.86, 0.105, 0.035], floor 0.10 cascades: after fixing the third, the second gets 0.9·0.105/0.965 = 0.0979 < 0.10, so [0.80, 0.10, 0.10]", () => {
    const shares = applyExplorationFloor([0.86, 0.105, 0.035], 0.1);
    expect(shares[0]).toBeCloseTo(0.8, 12);
    expect(shares[1]).toBe(0.1);
    expect(shares[2]).toBe(0.1);
  });

  it("a floor above an equal split (0.3 with 4 arms) gives the equal split 0.25 each; shares above the floor are untouched", () => {
    expect(applyExplorationFloor([1, 0, 0, 0], 0.3)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(applyExplorationFloor([0.5, 0.3, 0.2], 0.1)).toEqual([0.5, 0.3, 0.2]);
  });

  it("a clear winner among three gets 1 - 2 × 0.10 = 0.80 and the two losers keep the 0.10 floor; shares sum to 1", () => {
    const arms: BetaArm[] = [posteriorOf(1000, 100), posteriorOf(1000, 50), posteriorOf(1000, 52)];
    const shares = thompsonShares(arms, { minShare: 0.1, rng: new SeededRandom(6) });
    expect(sum(shares)).toBeCloseTo(1, 12);
    expect(shares[1]).toBe(0.1);
    expect(shares[2]).toBe(0.1);
    expect(shares[0]).toBeCloseTo(0.8, 12);
  });

  it("every share of six unlearnt arms is at least the floor, and one arm gets everything", () => {
    const six = Array.from({ length: 6 }, () => posteriorOf(3, 1));
    const shares = thompsonShares(six, { minShare: 0.1, draws: 2000, rng: new SeededRandom(8) });
    expect(sum(shares)).toBeCloseTo(1, 12);
    for (const share of shares) expect(share).toBeGreaterThanOrEqual(0.1);
    expect(thompsonShares([posteriorOf(10, 2)], { rng: new SeededRandom(8) })).toEqual([1]);
  });
});

describe("winner", () => {
  it("Beta(101, 901) against Beta(51, 951) is a winner at 95%: arm 0", () => {
    expect(winner([posteriorOf(1000, 100), posteriorOf(1000, 50)], { rng: new SeededRandom(9) })).toBe(0);
    expect(winner([posteriorOf(1000, 50), posteriorOf(1000, 100)], { rng: new SeededRandom(9) })).toBe(1);
  });

  it("Beta(30, 70) against Beta(25, 75) (best with probability 0.79) is no winner at 95% but is at 75%", () => {
    const arms: BetaArm[] = [{ alpha: 30, beta: 70 }, { alpha: 25, beta: 75 }];
    expect(winner(arms, { rng: new SeededRandom(10) })).toBeNull();
    expect(winner(arms, { threshold: 0.75, rng: new SeededRandom(10) })).toBe(0);
  });

  it("equal arms have no winner at 95%", () => {
    expect(winner([posteriorOf(500, 40), posteriorOf(500, 40)], { rng: new SeededRandom(11) })).toBeNull();
  });
});
