import { describe, expect, it } from "vitest";
import { memberRedemptionRate, programRedemptionRate } from "./redemption-rate";

describe("programRedemptionRate", () => {
  it("no offers sent gives the Beta(1, 9) prior's mean: 1 / 10 = 10%", () => {
    expect(programRedemptionRate({ sent: 0, redeemed: 0 })).toBeCloseTo(0.1, 12);
  });

  it("30 of 190 redeemed: (30 + 1) / (190 + 10) = 15.5%", () => {
    expect(programRedemptionRate({ sent: 190, redeemed: 30 })).toBeCloseTo(0.155, 12);
  });

  it("refuses more redeemed than sent", () => {
    expect(() => programRedemptionRate({ sent: 2, redeemed: 3 })).toThrow(RangeError);
  });
});

describe("memberRedemptionRate", () => {
  it("a member never sent an offer gets the program rate: (0 + 10 x 0.2) / (0 + 10) = 20%", () => {
    expect(memberRedemptionRate({ sent: 0, redeemed: 0 }, 0.2)).toBeCloseTo(0.2, 12);
  });

  it("3 of 5 redeemed against a 10% program: (3 + 10 x 0.1) / (5 + 10) = 4 / 15 = 26.7%", () => {
    expect(memberRedemptionRate({ sent: 5, redeemed: 3 }, 0.1)).toBeCloseTo(4 / 15, 12);
  });

  it("0 of 10 redeemed against a 10% program: (0 + 1) / 20 = 5%", () => {
    expect(memberRedemptionRate({ sent: 10, redeemed: 0 }, 0.1)).toBeCloseTo(0.05, 12);
  });

  it("a prior of strength 2: 1 of 2 against 30%: (1 + 0.6) / 4 = 40%", () => {
    expect(memberRedemptionRate({ sent: 2, redeemed: 1 }, 0.3, 2)).toBeCloseTo(0.4, 12);
  });

  it("refuses a program rate outside [0, 1]", () => {
    expect(() => memberRedemptionRate({ sent: 0, redeemed: 0 }, 1.5)).toThrow(RangeError);
  });
});
