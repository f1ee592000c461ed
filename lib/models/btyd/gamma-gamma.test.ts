import { describe, expect, it } from "vitest";
import { Random } from "@/db/seed/random";
import { fitGammaGamma, gammaGammaExpectedSpend, gammaGammaLogLikelihood, gammaGammaTotalLogLikelihood } from "./gamma-gamma";

describe("Gamma-Gamma spend model", () => {
  it("f(m̄=10 | p=2, q=3, γ=4; x=1) = Γ(5)/(Γ(2)Γ(3)) · 4³ · 10¹ · 1² / (4 + 10)⁵ = 12 · 64 · 10 / 14⁵", () => {
    const byHand = (12 * 64 * 10) / Math.pow(14, 5);
    expect(Math.exp(gammaGammaLogLikelihood({ p: 2, q: 3, gamma: 4 }, { x: 1, meanSpend: 10 }))).toBeCloseTo(byHand, 14);
  });

  it("the grouped total equals the sum of per-customer log densities", () => {
    const rows = [
      { x: 1, meanSpend: 10 },
      { x: 1, meanSpend: 25.5 },
      { x: 3, meanSpend: 12 },
      { x: 7, meanSpend: 40.25 },
    ];
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    const direct = rows.reduce((s, r) => s + gammaGammaLogLikelihood(params, r), 0);
    expect(gammaGammaTotalLogLikelihood(params, rows)).toBeCloseTo(direct, 10);
  });

  it("expected spend is the weighted mean of the population mean pγ/(q-1) and the customer's mean, weight px/(px+q-1)", () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (6.25 * 15.44) / 2.74;
    const weight = (6.25 * 4) / (6.25 * 4 + 2.74);
    expect(gammaGammaExpectedSpend(params, { x: 4, meanSpend: 30 })).toBeCloseTo(weight * 30 + (1 - weight) * population, 12);
    expect(gammaGammaExpectedSpend(params, { x: 0, meanSpend: 0 })).toBeCloseTo(population, 12);
  });

  it("refuses a customer without repeat transactions or with a zero mean, naming the row", () => {
    expect(() => fitGammaGamma([{ x: 1, meanSpend: 5 }, { x: 0, meanSpend: 5 }])).toThrow(/row 1/);
    expect(() => fitGammaGamma([{ x: 2, meanSpend: 0 }])).toThrow(/row 0/);
  });

  it("recovers p=4, q=3, γ=20 from 3,000 simulated customers within its 95% intervals", () => {
    const truth = { p: 4, q: 3, gamma: 20 };
    const random = new Random([1]);
    const rows = Array.from({ length: 3000 }, () => {
      const nu = random.gamma(truth.q, 1 / truth.gamma);
      const x = 1 + Math.floor(random.uniform() * 6);
      let total = 0;
      for (let k = 0; k < x; k++) total += random.gamma(truth.p, 1 / nu);
      return { x, meanSpend: total / x };
    });
    const fit = fitGammaGamma(rows);
    expect(fit.converged).toBe(true);
    for (const name of ["p", "q", "gamma"] as const) {
      const [low, high] = fit.confidenceIntervals[name];
      expect(truth[name], name).toBeGreaterThan(low);
      expect(truth[name], name).toBeLessThan(high);
    }
    // A sanity check of the interval's width: the log-scale standard errors are neither zero nor huge.
    expect(fit.standardErrors.p / fit.params.p).toBeGreaterThan(0.01);
    expect(fit.standardErrors.p / fit.params.p).toBeLessThan(0.5);
  });
});
