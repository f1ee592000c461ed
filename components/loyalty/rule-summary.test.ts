import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import messages from "@/messages/en/loyalty.json";
import type { Explanation } from "@/lib/loyalty/earning-types";
import type { EarningRule } from "@/lib/loyalty/rule-types";
import { explanationText } from "./dry-run-text";
import { ruleConditions, ruleEffect, weekdayList, type LoyaltyT } from "./rule-summary";

const t = createTranslator({ locale: "en", messages: { loyalty: messages }, namespace: "loyalty" }) as unknown as LoyaltyT;
const names = { categories: new Map([["books", "Books"]]), stores: new Map([["s1", "Berlin Mitte"]]), tiers: new Map([["g", "Gold"]]) };

const none = { rate: null, factor: null, points: null, trigger: null, capPerDay: null, capPerMonth: null, conditions: {} };
const rule = (values: Partial<EarningRule>) => ({ ...none, kind: "multiplier" as const, factor: "2", ...values });

describe("rule summaries in words", () => {
  it("double points on Books, Mon–Fri, 12:00–17:00, at most 500 a day", () => {
    const books = rule({ capPerDay: 500, conditions: { categories: ["books"], weekdays: [1, 2, 3, 4, 5], timeFrom: "12:00", timeTo: "17:00" } });
    expect(ruleEffect(books, t, "EUR")).toBe("2× the base points");
    expect(ruleConditions(books, t, names, "EUR")).toEqual(["in Books", "on Mon–Fri", "12:00–17:00", "at most 500 points a day"]);
  });

  it("names stores and tiers, shows the minimum basket in the currency, and has no phrase for an unconditional rule", () => {
    const r = rule({ kind: "bonus", points: 50, trigger: "first_purchase", conditions: { storeIds: ["s1"], tierIds: ["g", "x"], minBasketMinor: 2550, channels: ["pos", "app"] } });
    expect(ruleEffect(r, t, "EUR")).toBe("50 points for the first purchase");
    expect(ruleConditions(r, t, names, "EUR")).toEqual(["via Till, App", "at Berlin Mitte", "for Gold, x members", "baskets of 25.50 EUR or more"]);
    expect(ruleConditions(rule({ kind: "base_rate", rate: "1" }), t, names, "EUR")).toEqual([]);
    expect(ruleEffect(rule({ kind: "base_rate", rate: "0.5" }), t, "SEK")).toBe("0.5 points per SEK");
  });

  it("weekdays: runs of three or more become a range; Mon, Tue, Sat, Sun stay single", () => {
    expect(weekdayList([6, 7, 1, 2], t)).toBe("Mon, Tue, Sat, Sun");
    expect(weekdayList([1, 3, 4, 5, 7], t)).toBe("Mon, Wed–Fri, Sun");
  });
});

describe("dry-run explanations in words", () => {
  const base: Explanation = { kind: "multiplier", ruleId: "r1", version: 3, name: "Books ×2", factor: "2", points: 0, applied: false, reason: "time", text: "" };
  it("a rule that does not apply says why; one that applies says what it adds; a cap says what it cut", () => {
    expect(explanationText(base, t, "EUR")).toBe("Books ×2 (v3): not applied, because the purchase is outside its time of day");
    expect(explanationText({ ...base, applied: true, reason: undefined, points: 40 }, t, "EUR")).toBe("Books ×2 (v3): ×2 adds 40 points");
    expect(explanationText({ ...base, applied: true, points: 10, uncappedPoints: 40, reason: "cap_day" }, t, "EUR")).toBe("Books ×2 (v3): ×2 adds 10 points (40 before the cap: the rule's daily cap is reached)");
    expect(explanationText({ kind: "base_rate", points: 0, applied: false, text: "" }, t, "EUR")).toBe("No base rate applies: 0 points");
    expect(explanationText({ kind: "base_rate", ruleId: "b", version: 1, name: "1 per euro", rate: "1", points: 40, applied: true, text: "" }, t, "EUR")).toBe("1 per euro (v1): 1 point per EUR = 40 points");
  });
});
