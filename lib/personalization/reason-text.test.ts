import { readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { LOCALES, type Locale } from "@/lib/i18n/config";
import type { OfferReason } from "./next-best-offer";
import { offerReasonText, recommendationReasonText, type ReasonContext } from "./reason-text";

function translator(locale: Locale, errors: string[] = []) {
  const messages = JSON.parse(readFileSync(path.join(process.cwd(), "messages", locale, "personalization.json"), "utf8")) as Record<string, unknown>;
  return createTranslator({ locale, messages: { personalization: messages }, namespace: "personalization", onError: (e) => errors.push(e.message) }) as unknown as (
    key: string,
    values?: Record<string, string | number>,
  ) => string;
}

const names: Record<string, string> = { coffee: "coffee", tea: "tea" };
const ctx = (locale: Locale): ReasonContext => ({ locale, currency: "EUR", offer: "20% off tea", categoryName: (id) => names[id]! });

const REASONS: OfferReason[] = [
  { code: "never_tried", categoryId: "tea", habitCategoryId: "coffee", habitCycleDays: 7, lookalikeShare: 0.6 },
  { code: "never_tried", categoryId: "tea", habitCategoryId: "coffee", habitCycleDays: null, lookalikeShare: 0.6 },
  { code: "rarely_buys", categoryId: "tea", habitCategoryId: "coffee", habitCycleDays: 3, lookalikeShare: 0.6 },
  { code: "rarely_buys", categoryId: "tea", habitCategoryId: "coffee", habitCycleDays: null, lookalikeShare: 0.6 },
  { code: "due", categoryId: "coffee", cycleDays: 6.5, daysSince: 12 },
  { code: "affinity", categoryId: "coffee", share: 0.42 },
  { code: "new_category", categoryId: "tea" },
  { code: "lapsing", cycleDays: 14, daysSince: 45 },
  { code: "deal_seeker", discountShare: 0.2 },
  { code: "basket", basketMinor: 1_250 },
];

describe("offer reasons in plain words", () => {
  it('English: "Buys coffee every week, never tried tea: 20% off tea"', () => {
    expect(offerReasonText(translator("en"), REASONS[0]!, ctx("en"))).toBe("Buys coffee every week, never tried tea: 20% off tea");
  });

  it("English: a 6.5-day median cycle reads every 7 days → every week; 12 days since", () => {
    expect(offerReasonText(translator("en"), REASONS[4]!, ctx("en"))).toBe("Buys coffee every week, last time 12 days ago: 20% off tea");
  });

  it("English: share 0.42 reads 42%, a basket of 1,250 cents reads €12.50", () => {
    expect(offerReasonText(translator("en"), REASONS[5]!, ctx("en"))).toBe("42% of their spend is coffee: 20% off tea");
    expect(offerReasonText(translator("en"), REASONS[9]!, ctx("en"))).toBe("Usual basket €12.50: 20% off tea");
  });

  it("German: alle 3 Tage", () => {
    expect(offerReasonText(translator("de"), REASONS[2]!, ctx("de"))).toBe("Kauft coffee alle 3 Tage, selten tea: 20% off tea");
  });

  for (const locale of LOCALES) {
    it(`${locale}: every reason renders without a missing message or value, naming the offer`, () => {
      const errors: string[] = [];
      const t = translator(locale, errors);
      for (const reason of REASONS) expect(offerReasonText(t, reason, ctx(locale))).toContain("20% off tea");
      expect(recommendationReasonText(t, { code: "bought_with", productName: "Oat Flat White" })).toContain("Oat Flat White");
      expect(recommendationReasonText(t, { code: "popular" }).length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    });
  }
});
