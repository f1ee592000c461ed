import { describe, expect, it } from "vitest";
import type { CategoryAffinity } from "./affinity";
import { offerReason, rankNextBestOffers, redemptionValue, type MemberOfferFacts, type OfferCandidate } from "./next-best-offer";

const coffee: CategoryAffinity = { categoryId: "coffee", share: 0.9, spendMinor: 9_000, purchaseDays: 10, cycleDays: 7, lastDay: 98, spendPerVisitMinor: 900 };

/** Buys coffee every week (10 days in 70), never tea, which 60% of look-alikes buy. */
const facts: MemberOfferFacts = {
  today: 100,
  tenureDays: 70,
  purchaseDays: 10,
  visitCycleDays: 7,
  daysSinceLastPurchase: 2,
  avgBasketMinor: 2_000,
  discountShare: 0.05,
  affinities: [coffee],
  rarelyBought: [{ categoryId: "tea", lookalikeBuyerShare: 0.6, memberShare: 0 }],
  categoryBasketMinor: { tea: 800, coffee: 850 },
};

const tea: OfferCandidate = { rewardId: "a-tea", name: "20% off tea", kind: "percent_off", categoryId: "tea", costMinor: 100, validDays: 14 };
const freeCoffee: OfferCandidate = { rewardId: "b-coffee", name: "Free coffee", kind: "free_product", categoryId: "coffee", costMinor: 120, validDays: 14 };
const doublePoints: OfferCandidate = { rewardId: "c-points", name: "Double points", kind: "points_multiplier", categoryId: null, costMinor: 0, validDays: 7 };
const fiveOff: OfferCandidate = { rewardId: "d-five", name: "5 off", kind: "amount_off", categoryId: null, costMinor: 500, validDays: 30 };

describe("redemptionValue", () => {
  it("tea, never bought: basket = the program's 800, incrementality e^0 = 1, V = 30% x 800 = 240", () => {
    expect(redemptionValue(tea, facts, 30)).toEqual({ basketMinor: 800, incrementality: 1, valueMinor: 240 });
  });

  it("coffee, 10 days in 70: basket = own 900, incrementality e^(-14 x 10/70) = e^-2 = 0.1353, V = round(0.3 x 900 x 0.1353) = 37", () => {
    const v = redemptionValue(freeCoffee, facts, 30);
    expect(v.basketMinor).toBe(900);
    expect(v.incrementality).toBeCloseTo(Math.exp(-2), 12);
    expect(v.valueMinor).toBe(37);
  });

  it("any purchase, 7 days valid: basket 2,000, incrementality e^(-7 x 10/70) = e^-1, V = round(600 x 0.3679) = 221", () => {
    expect(redemptionValue(doublePoints, facts, 30).valueMinor).toBe(221);
  });

  it("a member who joined 14 days ago with 2 purchase days has a rate of 2 / 30 (the least window), not 2 / 14", () => {
    const v = redemptionValue(doublePoints, { ...facts, tenureDays: 14, purchaseDays: 2 }, 30);
    expect(v.incrementality).toBeCloseTo(Math.exp((-7 * 2) / 30), 12);
  });

  it("a category bought on one day only takes the program's basket (800), not that one day's", () => {
    const once = { ...coffee, categoryId: "tea", purchaseDays: 1, spendPerVisitMinor: 5_000 };
    expect(redemptionValue(tea, { ...facts, affinities: [coffee, once] }, 30).basketMinor).toBe(800);
  });
});

describe("rankNextBestOffers", () => {
  const propensity = new Map([
    ["a-tea", 0.2],
    ["b-coffee", 0.5],
    ["c-points", 0.1],
    ["d-five", 0.3],
  ]);
  const ranked = rankNextBestOffers([fiveOff, doublePoints, freeCoffee, tea], propensity, facts, { marginPercent: 30 });

  it("tea first: 0.2 x 240 - 0.2 x 100 = 28; double points next: 0.1 x 221 - 0 = 22.1 → 22", () => {
    expect(ranked.map((o) => [o.candidate.rewardId, o.expectedValueMinor])).toEqual([
      ["a-tea", 28],
      ["c-points", 22],
    ]);
  });

  it("leaves out free coffee (0.5 x 37 - 0.5 x 120 = -41.5) and 5 off (0.3 x round(600 x e^(-30/7)) = 0.3 x 8 - 0.3 x 500 < 0)", () => {
    expect(ranked.map((o) => o.candidate.rewardId)).not.toContain("b-coffee");
    expect(ranked.map((o) => o.candidate.rewardId)).not.toContain("d-five");
  });

  it("says why: buys coffee every 7 days, never tried tea, which 60% of look-alikes buy", () => {
    expect(ranked[0]!.reason).toEqual({ code: "never_tried", categoryId: "tea", habitCategoryId: "coffee", habitCycleDays: 7, lookalikeShare: 0.6 });
    expect(ranked[1]!.reason).toEqual({ code: "basket", basketMinor: 2_000 });
  });

  it("keeps at most `limit`; equal values go to the higher propensity", () => {
    const twin = { ...doublePoints, rewardId: "e-twin" };
    const p = new Map([...propensity, ["e-twin", 0.1]]);
    expect(rankNextBestOffers([tea, doublePoints, twin], p, facts, { marginPercent: 30, limit: 1 }).map((o) => o.candidate.rewardId)).toEqual(["a-tea"]);
    const equal = rankNextBestOffers([twin, doublePoints], p, facts, { marginPercent: 30 });
    expect(equal.map((o) => o.candidate.rewardId)).toEqual(["c-points", "e-twin"]);
  });

  it("refuses a candidate without a propensity", () => {
    expect(() => rankNextBestOffers([tea], new Map(), facts, { marginPercent: 30 })).toThrow(RangeError);
  });
});

describe("offerReason", () => {
  const value = { basketMinor: 2_000, incrementality: 1, valueMinor: 600 };

  it("coffee last bought on day 90, cycle 7, today 100: due, 10 days since", () => {
    const reason = offerReason(freeCoffee, { ...facts, affinities: [{ ...coffee, lastDay: 90 }] }, value);
    expect(reason).toEqual({ code: "due", categoryId: "coffee", cycleDays: 7, daysSince: 10 });
  });

  it("coffee bought 2 days ago (2 < 7): affinity with its 90% share", () => {
    expect(offerReason(freeCoffee, facts, value)).toEqual({ code: "affinity", categoryId: "coffee", share: 0.9 });
  });

  it("a category neither bought nor common among look-alikes is new", () => {
    expect(offerReason({ ...tea, categoryId: "wine" }, facts, value)).toEqual({ code: "new_category", categoryId: "wine" });
  });

  it("a 1% tea buyer rarely buys it", () => {
    const f = { ...facts, rarelyBought: [{ categoryId: "tea", lookalikeBuyerShare: 0.6, memberShare: 0.01 }] };
    expect(offerReason(tea, f, value).code).toBe("rarely_buys");
  });

  it("any purchase: 15 days since the last visit > 2 x 7-day cycle is lapsing; 14 is not", () => {
    expect(offerReason(doublePoints, { ...facts, daysSinceLastPurchase: 15 }, value)).toEqual({ code: "lapsing", cycleDays: 7, daysSince: 15 });
    expect(offerReason(doublePoints, { ...facts, daysSinceLastPurchase: 14 }, value).code).toBe("basket");
  });

  it("any purchase: 20% of line value discounted (>= 15%) is a deal seeker", () => {
    expect(offerReason(doublePoints, { ...facts, discountShare: 0.2 }, value)).toEqual({ code: "deal_seeker", discountShare: 0.2 });
  });
});
