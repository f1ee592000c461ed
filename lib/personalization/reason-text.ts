import type { Locale } from "@/lib/i18n/config";
import { formatMoney } from "@/lib/i18n/format";
import type { OfferReason } from "./next-best-offer";

/**
 * The plain-words reasons of offers and recommendations, in the member's (or the reader's) language, from
 * the `personalization.reasons` messages. A translator comes from next-intl: getTranslations on a page, use-intl's
 * createTranslator in the API (no request locale there).
 */
export type ReasonTranslate = (key: string, values?: Record<string, string | number>) => string;

export interface ReasonContext {
  locale: Locale;
  currency: string;
  /** The offer's (reward's) name. */
  offer: string;
  categoryName(id: string): string;
}

const percent = (locale: Locale, share: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(share);

/** Day counts in words are whole days: a median of 6.5 days reads "every 7 days". */
const days = (n: number) => Math.max(1, Math.round(n));

export function offerReasonText(t: ReasonTranslate, reason: OfferReason, ctx: ReasonContext): string {
  const offer = ctx.offer;
  switch (reason.code) {
    case "never_tried":
    case "rarely_buys": {
      const key = reason.code === "never_tried" ? "neverTried" : "rarelyBuys";
      const category = ctx.categoryName(reason.categoryId);
      if (reason.habitCategoryId === null) return t("reasons.newCategory", { category, offer });
      const habit = ctx.categoryName(reason.habitCategoryId);
      return reason.habitCycleDays === null
        ? t(`reasons.${key}NoCycle`, { habit, category, offer })
        : t(`reasons.${key}`, { habit, days: days(reason.habitCycleDays), category, offer });
    }
    case "due":
      return t("reasons.due", { category: ctx.categoryName(reason.categoryId), days: days(reason.cycleDays), since: reason.daysSince, offer });
    case "affinity":
      return t("reasons.affinity", { share: percent(ctx.locale, reason.share), category: ctx.categoryName(reason.categoryId), offer });
    case "new_category":
      return t("reasons.newCategory", { category: ctx.categoryName(reason.categoryId), offer });
    case "lapsing":
      return t("reasons.lapsing", { days: days(reason.cycleDays), since: reason.daysSince, offer });
    case "deal_seeker":
      return t("reasons.dealSeeker", { share: percent(ctx.locale, reason.discountShare), offer });
    case "basket":
      return t("reasons.basket", { basket: formatMoney(ctx.locale, reason.basketMinor, ctx.currency), offer });
  }
}

export function recommendationReasonText(t: ReasonTranslate, reason: { code: "bought_with"; productName: string } | { code: "popular" }): string {
  return reason.code === "bought_with" ? t("reasons.boughtWith", { product: reason.productName }) : t("reasons.popular");
}
