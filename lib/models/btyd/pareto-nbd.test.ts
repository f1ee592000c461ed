import { describe, expect, it } from "vitest";
import {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
  type ParetoNbdParams,
} from "./pareto-nbd";
import { logA0DirectSeries, logA0Term, useDirectSeries } from "./pareto-nbd-a0";
import { logGamma, logSubExp } from "./special";

/** Composite Simpson's rule with n (even) intervals. */
function simpson(f: (t: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/**
 * The likelihood straight from the model, without hypergeometric functions: alive at T, or died at some
 * τ in (t_x, T] (Fader & Hardie's note, before the integral is solved):
 * L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ].
 */
function likelihoodByQuadrature(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  // β^s is folded into the (β+τ) factors, as (β/(β+τ))^s, so that s = 1500 does not overflow.
  const head = Math.exp(logGamma(r + x) - logGamma(r) + r * Math.log(alpha));
  const alive = Math.pow(alpha + T, -(r + x)) * Math.pow(beta / (beta + T), s);
  const died = s * simpson((tau) => (Math.pow(alpha + tau, -(r + x)) * Math.pow(beta / (beta + tau), s)) / (beta + tau), tx, T);
  return head * (alive + died);
}

describe("Pareto/NBD likelihood", () => {
  const cases = [
    { name: "α < β (CDNOW's fit)", p: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } },
    { name: "α > β", p: { r: 1.3, alpha: 25, s: 2.2, beta: 4 } },
    { name: "α = β", p: { r: 0.8, alpha: 7, s: 0.9, beta: 7 } },
  ];
  for (const { name, p } of cases) {
    it(`the hypergeometric closed form equals the integral by Simpson's rule, ${name}`, () => {
      for (const [x, tx, T] of [
        [0, 0, 38.86],
        [2, 30.43, 38.86],
        [7, 3, 20],
        [25, 37.9, 38],
      ] as const) {
        const closed = paretoNbdLogLikelihood(p, { x, tx, T });
        expect(closed - Math.log(likelihoodByQuadrature(p, x, tx, T))).toBeCloseTo(0, 9);
      }
    });
  }

  it("stays finite for a heavy buyer (x = 400) and for α/β far apart (z near 1)", () => {
    expect(Number.isFinite(paretoNbdLogLikelihood({ r: 0.5, alpha: 2, s: 0.6, beta: 9 }, { x: 400, tx: 100, T: 104 }))).toBe(true);
    expect(Number.isFinite(paretoNbdLogLikelihood({ r: 0.5, alpha: 0.001, s: 0.6, beta: 5000 }, { x: 0, tx: 0, T: 30 }))).toBe(true);
  });
});

describe("Pareto/NBD per-customer quantities", () => {
  const p = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

  it("P(alive) = (alive term) / L: the share of the likelihood in which the customer is still alive at T", () => {
    const c = { x: 2, tx: 30.43, T: 38.86 };
    const alive =
      Math.exp(logGamma(p.r + c.x) - logGamma(p.r) + p.r * Math.log(p.alpha) + p.s * Math.log(p.beta)) *
      Math.pow(p.alpha + c.T, -(p.r + c.x)) *
      Math.pow(p.beta + c.T, -p.s);
    expect(paretoNbdProbabilityAlive(p, c)).toBeCloseTo(alive / Math.exp(paretoNbdLogLikelihood(p, c)), 12);
  });

  it("P(alive) is 1 for a customer who just bought (t_x = T) and falls as the silence grows", () => {
    expect(paretoNbdProbabilityAlive(p, { x: 3, tx: 20, T: 20 })).toBe(1);
    const later = [21, 30, 60].map((T) => paretoNbdProbabilityAlive(p, { x: 3, tx: 20, T }));
    expect(later[0]).toBeGreaterThan(later[1]!);
    expect(later[1]).toBeGreaterThan(later[2]!);
  });

  it("E[X(t)] = rβ/(α(s-1)) · [1 - (β/(β+t))^(s-1)]; at t = 10: 0.553 · 11.669 / (10.578 · -0.394) · [1 - (11.669/21.669)^-0.394]", () => {
    const byHand = ((0.553 * 11.669) / (10.578 * (0.606 - 1))) * (1 - Math.pow(11.669 / 21.669, 0.606 - 1));
    expect(paretoNbdExpectedPurchases(p, 10)).toBeCloseTo(byHand, 12);
  });

  it("E[X(t)] at s = 1 is the limit rβ/α · ln((β+t)/β)", () => {
    const q = { ...p, s: 1 };
    expect(paretoNbdExpectedPurchases(q, 10)).toBeCloseTo(((0.553 * 11.669) / 10.578) * Math.log(21.669 / 11.669), 12);
    expect(paretoNbdExpectedPurchases({ ...p, s: 1 + 1e-9 }, 10)).toBeCloseTo(paretoNbdExpectedPurchases(q, 10), 7);
  });

  it("the conditional expectation is P(alive) times the expectation if alive", () => {
    const c = { x: 2, tx: 30.43, T: 38.86 };
    const ifAlive = ((p.r + c.x) * (p.beta + c.T) * (1 - Math.pow((p.beta + c.T) / (p.beta + c.T + 39), p.s - 1))) / ((p.alpha + c.T) * (p.s - 1));
    expect(paretoNbdConditionalExpectedPurchases(p, c, 39)).toBeCloseTo(paretoNbdProbabilityAlive(p, c) * ifAlive, 12);
  });
});

describe("Pareto/NBD A_0 where β dwarfs α + T (nearly homogeneous dropout)", () => {
  const p = { r: 0.9, alpha: 6, s: 1500, beta: 45_000 };

  it("the direct series is the one used there, and it agrees with Simpson's rule on the integral", () => {
    expect(useDirectSeries(p, 40)).toBe(true);
    for (const [x, tx, T] of [
      [0, 0, 38.86],
      [1, 0.14, 40],
      [5, 12, 40],
      [60, 39.5, 40],
    ] as const) {
      expect(paretoNbdLogLikelihood(p, { x, tx, T }) - Math.log(likelihoodByQuadrature(p, x, tx, T))).toBeCloseTo(0, 9);
    }
  });

  it("where both methods converge they agree: direct series = closed form to 1e-10", () => {
    const q = { r: 1.2, alpha: 3, s: 0.8, beta: 400 };
    for (const [x, tx, T] of [
      [0, 0, 30],
      [2, 0.5, 30],
      [3, 20, 30],
    ] as const) {
      const closed = logSubExp(logA0Term(q, x, tx), logA0Term(q, x, T));
      expect(logA0DirectSeries(q, x, tx, T) - closed).toBeCloseTo(0, 10);
    }
  });

  it("is exact when r + x is an integer (the e = 0 term of the series is a logarithm)", () => {
    const q = { r: 1, alpha: 6, s: 1500, beta: 45_000 };
    expect(paretoNbdLogLikelihood(q, { x: 2, tx: 10, T: 40 }) - Math.log(likelihoodByQuadrature(q, 2, 10, 40))).toBeCloseTo(0, 9);
  });
});
