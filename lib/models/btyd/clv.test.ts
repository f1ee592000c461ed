import { describe, expect, it } from "vitest";
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from "./bgnbd";
import { discountedValue, scoreMember } from "./clv";
import { gammaGammaExpectedSpend } from "./gamma-gamma";

describe("CLV by discounted periods", () => {
  it("2 purchases a period, spend 10, margin 50%, 3 periods at 10%: 10 · (1/1.1 + 1/1.21 + 1/1.331) = 24.8685", () => {
    const value = discountedValue((t) => 2 * t, 10, { periods: 3, periodLength: 1, discountRate: 0.1, margin: 0.5 });
    expect(value).toBeCloseTo(10 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331), 12);
    expect(value).toBeCloseTo(24.8685, 4);
  });

  it("period length scales time: 4-week periods read the curve at 4, 8, 12", () => {
    const seen: number[] = [];
    discountedValue((t) => (seen.push(t), t), 1, { periods: 3, periodLength: 4, discountRate: 0, margin: 1 });
    expect(seen).toEqual([4, 8, 12]);
  });

  it("with no discounting the sum telescopes to margin · spend · E[Y(KΔ)]", () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const c = { x: 2, tx: 30.43, T: 38.86 };
    const value = discountedValue((t) => bgNbdConditionalExpectedPurchases(p, c, t), 20, { periods: 12, periodLength: 4, discountRate: 0, margin: 0.3 });
    expect(value).toBeCloseTo(0.3 * 20 * bgNbdConditionalExpectedPurchases(p, c, 48), 12);
  });

  it("refuses a fractional number of periods or a zero period length", () => {
    expect(() => discountedValue((t) => t, 1, { periods: 1.5, periodLength: 1, discountRate: 0, margin: 1 })).toThrow(RangeError);
    expect(() => discountedValue((t) => t, 1, { periods: 2, periodLength: 0, discountRate: 0, margin: 1 })).toThrow(RangeError);
  });

  it("scores a member: P(alive), expected purchases, spend and CLV from the same parameters", () => {
    const model = { kind: "bg-nbd" as const, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
    const spend = { p: 6.25, q: 3.74, gamma: 15.44 };
    const member = { x: 2, tx: 30.43, T: 38.86, meanSpend: 22.35 };
    const clv = { periods: 3, periodLength: 13, discountRate: 0.02, margin: 0.25 };
    const score = scoreMember(model, spend, member, 39, clv);
    expect(score.probabilityAlive).toBeCloseTo(bgNbdProbabilityAlive(model.params, member), 14);
    expect(score.expectedPurchases).toBeCloseTo(1.226, 3);
    expect(score.expectedSpend).toBeCloseTo(gammaGammaExpectedSpend(spend, member), 14);
    const e = (t: number) => bgNbdConditionalExpectedPurchases(model.params, member, t);
    const byHand = 0.25 * score.expectedSpend * (e(13) / 1.02 + (e(26) - e(13)) / 1.02 ** 2 + (e(39) - e(26)) / 1.02 ** 3);
    expect(score.clv).toBeCloseTo(byHand, 12);
  });
});
