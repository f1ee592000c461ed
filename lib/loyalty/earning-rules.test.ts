import { describe, expect, it } from "vitest";
import { capKey, evaluateBasket, evaluateEventBonus, NO_MEMBER, type Basket, type BasketLine, type EarningMember, type EarningSetup } from "./earning-rules";
import type { EarningRule, TierDefinition } from "./rule-types";

let ids = 0;
function rule(values: Partial<EarningRule> & Pick<EarningRule, "kind">): EarningRule {
  ids++;
  return {
    ruleId: `00000000-0000-0000-0000-${String(ids).padStart(12, "0")}`,
    version: 1,
    name: `rule ${ids}`,
    active: true,
    priority: 0,
    combine: "stack",
    rate: null,
    factor: null,
    points: null,
    trigger: null,
    capPerDay: null,
    capPerMonth: null,
    startsAt: null,
    endsAt: null,
    conditions: {},
    ...values,
  };
}

const base = (rate = "1", extra: Partial<EarningRule> = {}) => rule({ kind: "base_rate", rate, name: `base ${rate}`, ...extra });
const times = (factor: string, conditions: EarningRule["conditions"] = {}, extra: Partial<EarningRule> = {}) => rule({ kind: "multiplier", factor, conditions, name: `×${factor}`, ...extra });
const bonus = (points: number, trigger: EarningRule["trigger"], extra: Partial<EarningRule> = {}) => rule({ kind: "bonus", points, trigger, name: `bonus ${points}`, ...extra });

const setup = (rules: EarningRule[], tiers: TierDefinition[] = []): EarningSetup => ({ rules, tiers, timeZone: "Europe/Berlin" });
const line = (lineNo: number, category: string, amountMinor: number, sku = `SKU${lineNo}`): BasketLine => ({ lineNo, sku, category, quantity: 1, amountMinor });
// 2026-03-10 is a Tuesday; Berlin is UTC+1 in March before the 29th.
const basket = (lines: BasketLine[], at = "2026-03-10T15:00:00+01:00", extra: Partial<Basket> = {}): Basket => ({
  currency: "EUR",
  channel: "pos",
  storeId: "store-1",
  occurredAt: new Date(at),
  lines,
  ...extra,
});

describe("base rate and multipliers", () => {
  it("basket 120.00 EUR at 2x in Books earns 240 points", () => {
    const books = times("2", { categories: ["books"] });
    const result = evaluateBasket(basket([line(1, "books", 12000)]), NO_MEMBER, setup([base(), books]), new Map());
    expect(result.points).toBe(240);
    expect(result.lines[0]?.shares.map((s) => [s.kind, s.points])).toEqual([
      ["base_rate", 120],
      ["multiplier", 120],
    ]);
    expect(result.lines[0]?.shares[1]).toMatchObject({ ruleId: books.ruleId, version: 1 });
  });

  it("books 120.00 at 2x and tea 5.50 at 1x earn 240 + 5 = 245 points; tea's line says why ×2 did not apply", () => {
    const result = evaluateBasket(basket([line(1, "books", 12000), line(2, "tea", 550)]), NO_MEMBER, setup([base(), times("2", { categories: ["books"] })]), new Map(), {
      explain: true,
      explainSkipped: true,
    });
    expect(result.lines.map((l) => l.points)).toEqual([240, 5]);
    expect(result.points).toBe(245);
    expect(result.lines[1]?.explanations.find((e) => e.kind === "multiplier")).toMatchObject({ applied: false, reason: "category", points: 0 });
  });

  it("double points on weekday afternoons: Tuesday 15:00 doubles, 17:00 (end, exclusive) and Saturday 15:00 do not", () => {
    const promo = times("2", { categories: ["books"], weekdays: [1, 2, 3, 4, 5], timeFrom: "14:00", timeTo: "17:00" });
    const rules = setup([base(), promo]);
    const at = (iso: string) => evaluateBasket(basket([line(1, "books", 2000)], iso), NO_MEMBER, rules, new Map(), { explain: true, explainSkipped: true });
    expect(at("2026-03-10T15:00:00+01:00").points).toBe(40);
    const atFive = at("2026-03-10T17:00:00+01:00");
    expect(atFive.points).toBe(20);
    expect(atFive.lines[0]?.explanations.find((e) => e.ruleId === promo.ruleId)?.reason).toBe("time");
    const saturday = at("2026-03-14T15:00:00+01:00");
    expect(saturday.points).toBe(20);
    expect(saturday.lines[0]?.explanations.find((e) => e.ruleId === promo.ruleId)?.reason).toBe("weekday");
    // 14:00 Berlin written in UTC is 13:00Z: the window is the program's local time.
    expect(at("2026-03-10T13:00:00Z").points).toBe(40);
  });

  it("of two base rates the higher priority applies (2 points per EUR on 10.00 = 20), the other is superseded", () => {
    const low = base("1");
    const high = base("2", { priority: 5 });
    const result = evaluateBasket(basket([line(1, "tea", 1000)]), NO_MEMBER, setup([low, high]), new Map(), { explain: true, explainSkipped: true });
    expect(result.points).toBe(20);
    expect(result.lines[0]?.explanations.find((e) => e.ruleId === low.ruleId)?.reason).toBe("superseded");
  });

  it("best-of: ×2 and ×3 on 100.00 EUR give only the ×3 (+200, total 300); a stacked ×1.5 adds 50 more (350)", () => {
    const two = times("2", {}, { combine: "best_of" });
    const three = times("3", {}, { combine: "best_of" });
    const only = evaluateBasket(basket([line(1, "x", 10000)]), NO_MEMBER, setup([base(), two, three]), new Map(), { explain: true, explainSkipped: true });
    expect(only.points).toBe(300);
    expect(only.lines[0]?.explanations.find((e) => e.ruleId === two.ruleId)?.reason).toBe("best_of");
    const stacked = evaluateBasket(basket([line(1, "x", 10000)]), NO_MEMBER, setup([base(), two, three, times("1.5")]), new Map());
    expect(stacked.points).toBe(350);
  });

  it("a line no base rate matches earns nothing, multipliers included, and says so", () => {
    const result = evaluateBasket(basket([line(1, "x", 1000)]), NO_MEMBER, setup([base("1", { conditions: { currencies: ["SEK"] } }), times("2")]), new Map(), {
      explain: true,
      explainSkipped: true,
    });
    expect(result.points).toBe(0);
    const kinds = result.lines[0]?.explanations.map((e) => [e.kind, e.reason ?? null]);
    expect(kinds).toContainEqual(["base_rate", "currency"]);
    expect(kinds).toContainEqual(["multiplier", "no_base_points"]);
  });

  it("channel, store and date conditions: an online-only ×2 skips a till receipt; an ended rule skips everything", () => {
    const online = times("2", { channels: ["online"] });
    const ended = times("3", {}, { endsAt: new Date("2026-03-01T00:00:00Z") });
    const otherStore = times("4", { storeIds: ["store-2"] });
    const result = evaluateBasket(basket([line(1, "x", 1000)]), NO_MEMBER, setup([base(), online, ended, otherStore]), new Map(), { explain: true, explainSkipped: true });
    expect(result.points).toBe(10);
    const reasons = Object.fromEntries(result.lines[0]?.explanations.filter((e) => e.ruleId).map((e) => [e.ruleId, e.reason]) ?? []);
    expect(reasons[online.ruleId]).toBe("channel");
    expect(reasons[ended.ruleId]).toBe("ended");
    expect(reasons[otherStore.ruleId]).toBe("store");
  });

  it("an inactive (archived) rule is not evaluated", () => {
    expect(evaluateBasket(basket([line(1, "x", 1000)]), NO_MEMBER, setup([base(), times("2", {}, { active: false })]), new Map()).points).toBe(10);
  });
});

describe("tiers and boosts", () => {
  const gold: TierDefinition = { id: "gold", name: "Gold", rank: 2, threshold: 1000, earningFactor: "1.5" };

  it("a Gold member (×1.5) earns 100 + 50 = 150 points on 100.00 EUR", () => {
    const member: EarningMember = { ...NO_MEMBER, tierId: "gold" };
    const result = evaluateBasket(basket([line(1, "x", 10000)]), member, setup([base()], [gold]), new Map());
    expect(result.points).toBe(150);
    expect(result.lines[0]?.shares).toContainEqual({ kind: "tier", tierId: "gold", points: 50 });
  });

  it("a rule for Gold members only skips a member without a tier", () => {
    const goldOnly = times("2", { tierIds: ["gold"] });
    expect(evaluateBasket(basket([line(1, "x", 1000)]), NO_MEMBER, setup([base(), goldOnly]), new Map()).points).toBe(10);
    expect(evaluateBasket(basket([line(1, "x", 1000)]), { ...NO_MEMBER, tierId: "gold" }, setup([base(), goldOnly], [{ ...gold, earningFactor: "1" }]), new Map()).points).toBe(20);
  });

  it("a redeemed ×2 points boost adds 10 points on 10.00 EUR while it runs, nothing after", () => {
    const boost = { redemptionId: "r1", factor: "2", from: new Date("2026-03-09T00:00:00Z"), until: new Date("2026-03-16T00:00:00Z") };
    const member = { ...NO_MEMBER, boosts: [boost] };
    expect(evaluateBasket(basket([line(1, "x", 1000)]), member, setup([base()]), new Map()).points).toBe(20);
    expect(evaluateBasket(basket([line(1, "x", 1000)], "2026-03-17T10:00:00+01:00"), member, setup([base()]), new Map()).points).toBe(10);
  });
});

describe("caps", () => {
  it("×2 capped at 50 points a day: 80.00 EUR then 30.00 EUR on one day earn 80 + 50 and 30 + 0; the next day 30 + 30", () => {
    const capped = times("2", {}, { capPerDay: 50 });
    const usage = new Map<string, number>();
    const rules = setup([base(), capped]);
    const first = evaluateBasket(basket([line(1, "x", 8000)]), NO_MEMBER, rules, usage, { explain: true });
    expect(first.points).toBe(130);
    expect(first.lines[0]?.explanations.find((e) => e.kind === "multiplier")).toMatchObject({ points: 50, uncappedPoints: 80, reason: "cap_day" });
    const second = evaluateBasket(basket([line(1, "x", 3000)], "2026-03-10T16:00:00+01:00"), NO_MEMBER, rules, usage);
    expect(second.points).toBe(30);
    expect(usage.get(capKey(capped.ruleId, "day", "2026-03-10"))).toBe(50);
    const nextDay = evaluateBasket(basket([line(1, "x", 3000)], "2026-03-11T10:00:00+01:00"), NO_MEMBER, rules, usage);
    expect(nextDay.points).toBe(60);
  });

  it("a monthly cap of 100 points spans days: 60 + 60 on two days of March give 60 then 40", () => {
    const capped = bonus(60, "basket", { capPerMonth: 100 });
    const usage = new Map<string, number>();
    const rules = setup([capped]);
    expect(evaluateBasket(basket([line(1, "x", 100)], "2026-03-02T10:00:00+01:00"), NO_MEMBER, rules, usage).points).toBe(60);
    expect(evaluateBasket(basket([line(1, "x", 100)], "2026-03-20T10:00:00+01:00"), NO_MEMBER, rules, usage).points).toBe(40);
    expect(evaluateBasket(basket([line(1, "x", 100)], "2026-04-01T10:00:00+02:00"), NO_MEMBER, rules, usage).points).toBe(60);
  });

  it("caps cut lines in line order: ×2 capped at 15 a day on lines of 10.00 and 10.00 gives 10 then 5", () => {
    const result = evaluateBasket(basket([line(1, "x", 1000), line(2, "x", 1000)]), NO_MEMBER, setup([base(), times("2", {}, { capPerDay: 15 })]), new Map());
    expect(result.lines.map((l) => l.points)).toEqual([20, 15]);
  });
});

describe("bonuses", () => {
  it("a 50-point bonus for baskets of 50.00 EUR or more: 49.99 earns none, 50.00 earns it", () => {
    const big = bonus(50, "basket", { conditions: { minBasketMinor: 5000 } });
    const below = evaluateBasket(basket([line(1, "x", 4999)]), NO_MEMBER, setup([big]), new Map(), { explain: true, explainSkipped: true });
    expect(below.points).toBe(0);
    expect(below.bonusExplanations[0]?.reason).toBe("min_basket");
    const at = evaluateBasket(basket([line(1, "x", 3000), line(2, "y", 2000)]), NO_MEMBER, setup([big]), new Map());
    expect(at.points).toBe(50);
    expect(at.bonuses).toEqual([{ kind: "bonus", ruleId: big.ruleId, version: 1, points: 50 }]);
  });

  it("the first-purchase bonus goes to a member's first sale only", () => {
    const welcome = bonus(50, "first_purchase");
    expect(evaluateBasket(basket([line(1, "x", 100)]), { ...NO_MEMBER, firstPurchase: true }, setup([welcome]), new Map()).points).toBe(50);
    expect(evaluateBasket(basket([line(1, "x", 100)]), NO_MEMBER, setup([welcome]), new Map()).points).toBe(0);
  });

  it("the birthday bonus is given in the birthday month, once a year", () => {
    const birthday = bonus(100, "birthday_month");
    const member = { ...NO_MEMBER, birthMonth: 3 };
    const usage = new Map<string, number>();
    expect(evaluateBasket(basket([line(1, "x", 100)]), member, setup([birthday]), usage).points).toBe(100);
    const again = evaluateBasket(basket([line(1, "x", 100)], "2026-03-20T10:00:00+01:00"), member, setup([birthday]), usage, { explain: true, explainSkipped: true });
    expect(again.points).toBe(0);
    expect(again.bonusExplanations[0]?.reason).toBe("once_a_year");
    expect(evaluateBasket(basket([line(1, "x", 100)]), { ...member, birthMonth: 4 }, setup([birthday]), new Map()).points).toBe(0);
  });

  it("a bonus with a category condition needs a line in that category", () => {
    const booksBonus = bonus(25, "basket", { conditions: { categories: ["books"] } });
    expect(evaluateBasket(basket([line(1, "tea", 100)]), NO_MEMBER, setup([booksBonus]), new Map()).points).toBe(0);
    expect(evaluateBasket(basket([line(1, "tea", 100), line(2, "books", 100)]), NO_MEMBER, setup([booksBonus]), new Map()).points).toBe(25);
  });
});

describe("event bonuses", () => {
  it("20 points per review, capped at 60 a month: the fourth review in March earns 0", () => {
    const review = bonus(20, "review", { capPerMonth: 60 });
    const usage = new Map<string, number>();
    const earned = [1, 2, 3, 4].map((day) => evaluateEventBonus("review", new Date(`2026-03-0${day}T12:00:00Z`), NO_MEMBER, setup([review]), usage).points);
    expect(earned).toEqual([20, 20, 20, 0]);
    expect(evaluateEventBonus("social_share", new Date("2026-03-05T12:00:00Z"), NO_MEMBER, setup([review]), usage).points).toBe(0);
  });
});
