import { describe, expect, it } from "vitest";
import { saleLinks } from "./receipt-plan";

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe("saleLinks (a new sale's previous and second-previous sale, filled by the writer)", () => {
  it("links sales in time order to the two before them, a first sale to none", () => {
    const member = { lastSales: [] as Date[] };
    expect(saleLinks(member, at(1))).toEqual({ prev: null, prev2: null, final: true });
    expect(saleLinks(member, at(3))).toEqual({ prev: at(1), prev2: null, final: true });
    expect(saleLinks(member, at(3))).toEqual({ prev: at(3), prev2: at(1), final: true });
    expect(saleLinks(member, at(9))).toEqual({ prev: at(3), prev2: at(3), final: true });
    expect(member.lastSales).toEqual([at(9), at(3)]);
  });

  it("leaves a late sale to the trigger, and counts it among the member's latest sales", () => {
    const member = { lastSales: [at(10), at(4)] };
    expect(saleLinks(member, at(6))).toEqual({ prev: null, prev2: null, final: false });
    expect(member.lastSales).toEqual([at(10), at(6)]);
    expect(saleLinks(member, at(12))).toEqual({ prev: at(10), prev2: at(6), final: true });
  });
});
