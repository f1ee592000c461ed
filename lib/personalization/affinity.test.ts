import { describe, expect, it } from "vitest";
import { categoryAffinities, lookalikeKeys, lookalikeProfileFor, purchaseCycleDays, rarelyBoughtCategories, type LookalikeProfiles } from "./affinity";

describe("purchaseCycleDays", () => {
  it("days 0, 7, 14, 30 have gaps 7, 7, 16: median 7", () => {
    expect(purchaseCycleDays([30, 0, 14, 7])).toBe(7);
  });

  it("days 0, 3, 10, 20, 20 have gaps 3, 7, 10: median 7 (a repeated day counts once)", () => {
    expect(purchaseCycleDays([0, 3, 10, 20, 20])).toBe(7);
  });

  it("days 0, 4, 14, 20 have gaps 4, 10, 6: median 6", () => {
    expect(purchaseCycleDays([0, 4, 14, 20])).toBe(6);
  });

  it("days 0, 2, 10 have gaps 2 and 8: median (2 + 8) / 2 = 5", () => {
    expect(purchaseCycleDays([0, 2, 10])).toBe(5);
  });

  it("one distinct day has no cycle", () => {
    expect(purchaseCycleDays([5, 5])).toBeNull();
    expect(purchaseCycleDays([])).toBeNull();
  });
});

describe("categoryAffinities", () => {
  const spend = [
    { categoryId: "tea", spendMinor: 1_000, share: 0.1 },
    { categoryId: "coffee", spendMinor: 9_000, share: 0.9 },
  ];
  const days = [
    { categoryId: "coffee", day: 0, spendMinor: 2_000 },
    { categoryId: "coffee", day: 7, spendMinor: 3_000 },
    { categoryId: "coffee", day: 14, spendMinor: 4_000 },
    { categoryId: "tea", day: 14, spendMinor: 1_000 },
  ];

  it("orders by share and gives coffee a 7-day cycle, last day 14, 9,000 / 3 days = 3,000 per visit", () => {
    const [coffee, tea] = categoryAffinities(spend, days);
    expect(coffee).toEqual({ categoryId: "coffee", share: 0.9, spendMinor: 9_000, purchaseDays: 3, cycleDays: 7, lastDay: 14, spendPerVisitMinor: 3_000 });
    expect(tea).toMatchObject({ categoryId: "tea", purchaseDays: 1, cycleDays: null, lastDay: 14, spendPerVisitMinor: 1_000 });
  });

  it("a category with a share but no known day has no cycle and no spend per visit", () => {
    const [only] = categoryAffinities([{ categoryId: "wine", spendMinor: 500, share: 1 }], []);
    expect(only).toMatchObject({ purchaseDays: 0, cycleDays: null, lastDay: null, spendPerVisitMinor: null });
  });
});

describe("look-alikes and rarely bought categories", () => {
  const affinities = categoryAffinities(
    [
      { categoryId: "coffee", spendMinor: 7_000, share: 0.7 },
      { categoryId: "bakery", spendMinor: 2_900, share: 0.29 },
      { categoryId: "tea", spendMinor: 100, share: 0.01 },
    ],
    [],
  );

  it("keys a member by their two largest categories, then by the largest", () => {
    expect(lookalikeKeys(affinities)).toEqual(["coffee|bakery", "coffee"]);
    expect(lookalikeKeys([])).toEqual([]);
  });

  const profiles: LookalikeProfiles = {
    "coffee|bakery": { members: 20, buyerShare: { coffee: 1, bakery: 1, tea: 0.9 } },
    coffee: { members: 400, buyerShare: { coffee: 1, bakery: 0.5, tea: 0.6, wine: 0.35, books: 0.1 } },
  };

  it("takes the dominant category's group when the pair's has 20 < 30 members", () => {
    expect(lookalikeProfileFor(affinities, profiles)).toBe(profiles.coffee);
    expect(lookalikeProfileFor(affinities, profiles, 20)).toBe(profiles["coffee|bakery"]);
  });

  it("tea (60% of look-alikes, member 1% < 2%) and wine (35%, never) are rarely bought; books (10% < 30%) and bakery (29% share) are not", () => {
    expect(rarelyBoughtCategories(affinities, profiles.coffee!)).toEqual([
      { categoryId: "tea", lookalikeBuyerShare: 0.6, memberShare: 0.01 },
      { categoryId: "wine", lookalikeBuyerShare: 0.35, memberShare: 0 },
    ]);
  });

  it("a higher bar of 50% keeps tea only; no profile gives nothing", () => {
    expect(rarelyBoughtCategories(affinities, profiles.coffee!, { minLookalikeShare: 0.5 }).map((c) => c.categoryId)).toEqual(["tea"]);
    expect(rarelyBoughtCategories(affinities, null)).toEqual([]);
  });
});
