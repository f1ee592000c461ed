import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "@/db/seed/random";
import { fitBgNbd } from "./bgnbd";
import type { FitResult } from "./fit";
import { fitParetoNbd } from "./pareto-nbd";
import { simulateBgNbd, simulateParetoNbd } from "./simulate";
import { compressRfm } from "./summary";

/** A CDNOW-like cohort: first purchases spread over 12 weeks, calibration ending at week 39. */
const observation = (r: { uniform(): number }) => 27 + 12 * r.uniform();

function expectIntervalsContain<P extends string>(fit: FitResult<P>, truth: Record<P, number>): void {
  expect(fit.converged).toBe(true);
  for (const name of Object.keys(truth) as P[]) {
    const [low, high] = fit.confidenceIntervals[name];
    expect(truth[name], `${name}: true ${truth[name]} within [${low}, ${high}]`).toBeGreaterThan(low);
    expect(truth[name], `${name}: true ${truth[name]} within [${low}, ${high}]`).toBeLessThan(high);
  }
}

describe("parameter recovery from simulated purchases", () => {
  it("BG/NBD r=0.243, α=4.414, a=0.793, b=2.426: 4,000 simulated customers fit back within the 95% intervals", () => {
    const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const customers = simulateBgNbd(truth, 4000, new Random([1]), { observation });
    expectIntervalsContain(fitBgNbd(compressRfm(customers)), truth);
  });

  it("Pareto/NBD r=0.553, α=10.578, s=0.606, β=11.669: 4,000 simulated customers fit back within the 95% intervals", () => {
    const truth = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const customers = simulateParetoNbd(truth, 4000, new Random([1]), { observation });
    expectIntervalsContain(fitParetoNbd(compressRfm(customers)), truth);
  });
});

/**
 * Small cohorts simulated on a one-week grid (first purchases spread over 12 weeks, 39-week calibration),
 * so that many customers share a triple; half from each model.
 */
const cohorts = fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), size: fc.integer({ min: 150, max: 400 }), model: fc.boolean() }).map(({ seed, size, model }) => {
  const random = new Random([seed]);
  const options = { observation: (r: { uniform(): number }) => 27 + Math.floor(12 * r.uniform()), grid: 1 };
  return model
    ? simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, size, random, options)
    : simulateParetoNbd({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, size, random, options);
});

describe("compressed statistics", () => {
  it("fitting on compressed (x, t_x, T, count) rows gives the same fit as fitting on one row per customer (property)", () => {
    let parameterComparisons = 0;
    fc.assert(
      fc.property(cohorts, (customers) => {
        const compressed = compressRfm(customers);
        expect(compressed.length).toBeLessThan(customers.length);
        for (const fit of [fitBgNbd, fitParetoNbd]) {
          const a = fit(compressed);
          const b = fit(customers);
          expect(a.customers).toBe(customers.length);
          expect(b.customers).toBe(customers.length);
          expect(a.rows).toBe(compressed.length);
          expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 6);
          // Where the optimum is interior the parameters agree too (at a bound the likelihood is flat there).
          if (a.converged && b.converged) {
            parameterComparisons++;
            for (const name of Object.keys(a.params) as (keyof typeof a.params)[]) {
              expect(Math.abs(Math.log(a.params[name] / b.params[name])), name).toBeLessThan(1e-3);
            }
          }
        }
      }),
      { numRuns: 6, seed: 7 },
    );
    // Most of the 12 fits are interior: the parameter comparison is not vacuous.
    expect(parameterComparisons).toBeGreaterThanOrEqual(6);
  });
});
