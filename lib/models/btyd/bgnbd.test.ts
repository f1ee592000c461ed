import { describe, expect, it } from "vitest";
import { bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchases, bgNbdLogLikelihood, bgNbdProbabilityAlive, bgNbdProbabilityNoPurchase } from "./bgnbd";

const P = { r: 2, alpha: 3, a: 2, b: 3 };

describe("BG/NBD likelihood", () => {
  it("x=2, t_x=4, T=6 at r=2, α=3, a=2, b=3: L = Γ(4)/Γ(2) · 3² · (B(2,5)/B(2,3) / 9⁴ + B(3,4)/B(2,3) / 7⁴) = 6 · 9 · (0.4/6561 + 0.2/2401)", () => {
    // B(2,5)/B(2,3) = (1/30)/(1/12) = 0.4; B(3,4)/B(2,3) = (1/60)/(1/12) = 0.2
    const byHand = 6 * 9 * (0.4 / 6561 + 0.2 / 2401);
    expect(Math.exp(bgNbdLogLikelihood(P, { x: 2, tx: 4, T: 6 }))).toBeCloseTo(byHand, 14);
  });

  it("x=0, T=6: L = B(2,3)/B(2,3) · 3² / 9² = 1/9 (no purchase: only the alive term)", () => {
    expect(Math.exp(bgNbdLogLikelihood(P, { x: 0, tx: 0, T: 6 }))).toBeCloseTo(1 / 9, 14);
  });
});

describe("BG/NBD per-customer quantities", () => {
  it("P(alive) = 1 when x = 0, whatever T", () => {
    expect(bgNbdProbabilityAlive(P, { x: 0, tx: 0, T: 100 })).toBe(1);
  });

  it("P(alive) for x=2, t_x=4, T=6 = 1 / (1 + a/(b+x-1) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + 2/4 · (9/7)⁴)", () => {
    expect(bgNbdProbabilityAlive(P, { x: 2, tx: 4, T: 6 })).toBeCloseTo(1 / (1 + 0.5 * Math.pow(9 / 7, 4)), 14);
  });

  it("over a short t a new customer buys at the mean rate r/α: E[X(0.001)] ≈ 0.001 · 2/3", () => {
    expect(bgNbdExpectedPurchases(P, 0.001) / (0.001 * (2 / 3))).toBeCloseTo(1, 3);
    expect(bgNbdExpectedPurchases(P, 0)).toBe(0);
  });

  it("E[X(t)] grows with t and stays below the no-dropout bound t · r/α", () => {
    const values = [1, 5, 20, 100].map((t) => bgNbdExpectedPurchases(P, t));
    values.forEach((v, i) => {
      if (i > 0) expect(v).toBeGreaterThan(values[i - 1]!);
      expect(v).toBeLessThan([1, 5, 20, 100][i]! * (2 / 3));
    });
  });

  it("the conditional expectation with x = 0 and T = 0 is the unconditional one", () => {
    expect(bgNbdConditionalExpectedPurchases(P, { x: 0, tx: 0, T: 0 }, 10)).toBeCloseTo(bgNbdExpectedPurchases(P, 10), 12);
  });

  it("is continuous through a = 1, where the textbook formula divides 0 by 0", () => {
    const c = { x: 3, tx: 20, T: 30 };
    const at = (a: number) => bgNbdConditionalExpectedPurchases({ r: 0.5, alpha: 5, a, b: 2 }, c, 26);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(at(1)).toBeCloseTo(at(1 + 1e-7), 6);
    expect(at(1)).toBeCloseTo(at(1 - 1e-7), 6);
  });

  it("matches the hypergeometric form of eq. (10) term by term for x=2, t_x=4, T=6, t=5", () => {
    // (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))] / (1 + a/(b+x-1) ((α+T)/(α+t_x))^(r+x))
    // = 6 · [1 - (9/14)^4 · 2F1(4, 5; 6; 5/14)] / (1 + 0.5 (9/7)^4), with 2F1 summed here by its plain series.
    let term = 1;
    let f = 1;
    for (let j = 0; j < 200; j++) {
      term *= (((4 + j) * (5 + j)) / ((6 + j) * (j + 1))) * (5 / 14);
      f += term;
    }
    const byHand = (6 * (1 - Math.pow(9 / 14, 4) * f)) / (1 + 0.5 * Math.pow(9 / 7, 4));
    expect(bgNbdConditionalExpectedPurchases(P, { x: 2, tx: 4, T: 6 }, 5)).toBeCloseTo(byHand, 12);
  });
});

describe("P(no purchase in the next t)", () => {
  const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  it("is the Poisson-gamma zero for a customer with no repeat purchase (always alive): (α+T)/(α+T+t))^r", () => {
    // x = 0, T = 30, t = 39: (34.414 / 73.414)^0.243
    expect(bgNbdProbabilityNoPurchase(p, { x: 0, tx: 0, T: 30 }, 39)).toBeCloseTo(Math.pow(34.414 / 73.414, 0.243), 12);
  });
  it("mixes dead and silent-alive: 1 - P(alive) + P(alive) (α+T)/(α+T+t))^(r+x)", () => {
    const c = { x: 2, tx: 30.43, T: 38.86 };
    const alive = bgNbdProbabilityAlive(p, c);
    const expected = 1 - alive + alive * Math.pow((4.414 + 38.86) / (4.414 + 38.86 + 39), 2.243);
    expect(bgNbdProbabilityNoPurchase(p, c, 39)).toBeCloseTo(expected, 12);
    expect(bgNbdProbabilityNoPurchase(p, c, 0)).toBeCloseTo(1, 12); // nothing can happen in no time
  });
});
