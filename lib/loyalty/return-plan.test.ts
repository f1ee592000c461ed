import { describe, expect, it } from "vitest";
import { LoyaltyError } from "./errors";
import { planReturn, type LedgerLineEntry, type SaleLine } from "./return-plan";

const sale: SaleLine[] = [
  { lineNo: 1, sku: "BOOK", productId: null, categoryId: null, quantity: 3, amountMinor: 3000, discountMinor: 0 },
  { lineNo: 2, sku: "TEA", productId: null, categoryId: null, quantity: 1, amountMinor: 550, discountMinor: 0 },
];
// Books earned 30 base + 30 from a ×2 promotion; tea 5 base; plus a 50-point basket bonus.
const earned: LedgerLineEntry[] = [
  { lineNo: 1, points: 60, rules: [{ kind: "base_rate", ruleId: "base", version: 1, points: 30 }, { kind: "multiplier", ruleId: "promo", version: 3, points: 30 }] },
  { lineNo: 2, points: 5, rules: [{ kind: "base_rate", ruleId: "base", version: 1, points: 5 }] },
  { lineNo: null, points: 50, rules: [{ kind: "bonus", ruleId: "bonus", version: 1, points: 50 }] },
];

describe("planReturn", () => {
  it("returning 1 of 3 books (30.00 EUR at 2x) takes back 20 points: 10 base + 10 promotion, and refunds 10.00", () => {
    const plan = planReturn(sale, [], earned, [], [{ lineNo: 1, quantity: 1 }]);
    expect(plan.points).toBe(20);
    expect(plan.amountMinor).toBe(1000);
    expect(plan.lines[0]?.shares.map((s) => [s.ruleId, s.points])).toEqual([
      ["base", -10],
      ["promo", -10],
    ]);
    expect(plan.bonusShares).toEqual([]);
  });

  it("returning the books one by one ends at exactly their 60 points and 30.00 EUR", () => {
    const first = planReturn(sale, [], earned, [], [{ lineNo: 1, quantity: 2 }]);
    expect(first.points).toBe(40);
    const reversed: LedgerLineEntry[] = first.lines.map((l) => ({ lineNo: l.lineNo, points: -l.points, rules: l.shares }));
    const second = planReturn(sale, [{ lineNo: 1, quantity: 2, amountMinor: first.amountMinor, discountMinor: 0 }], earned, reversed, [{ lineNo: 1, quantity: 1 }]);
    expect(first.points + second.points).toBe(60);
    expect(first.amountMinor + second.amountMinor).toBe(3000);
  });

  it("returning everything takes back all 115 points, the basket bonus included", () => {
    const plan = planReturn(sale, [], earned, [], null);
    expect(plan.points).toBe(60 + 5 + 50);
    expect(plan.bonusShares).toEqual([{ kind: "bonus", ruleId: "bonus", version: 1, points: -50 }]);
  });

  it("refuses returning more units than are left, naming the line", () => {
    expect(() => planReturn(sale, [{ lineNo: 2, quantity: 1, amountMinor: 550, discountMinor: 0 }], earned, [], [{ lineNo: 2, quantity: 1 }])).toThrow(LoyaltyError);
    const error = (() => {
      try {
        planReturn(sale, [], earned, [], [{ lineNo: 1, quantity: 4 }]);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(LoyaltyError);
    expect((error as LoyaltyError).reason).toBe("return_exceeds_sale");
    expect(Object.keys((error as LoyaltyError).fieldErrors ?? {})).toEqual(["lines[0].quantity"]);
    expect(() => planReturn(sale, [], earned, [], [{ lineNo: 9, quantity: 1 }])).toThrow("no line 9");
  });
});
