import { minorToDecimal } from "@/lib/loyalty/money";
import type { EarningRule } from "@/lib/loyalty/rule-types";

/** A translator of the `loyalty` namespace (next-intl's `t`, server or client). */
export type LoyaltyT = (key: string, values?: Record<string, string | number>) => string;

export interface RuleNames {
  categories: ReadonlyMap<string, string>;
  stores: ReadonlyMap<string, string>;
  tiers: ReadonlyMap<string, string>;
}

/** What the summaries read of a rule. */
type RuleDefinition = Pick<EarningRule, "kind" | "rate" | "factor" | "points" | "trigger" | "capPerDay" | "capPerMonth" | "conditions">;

const join = (items: readonly string[]) => items.join(", ");

/** What a rule gives, in words: "2× the base points", "1 point per EUR", "50 points on the first purchase". */
export function ruleEffect(rule: RuleDefinition, t: LoyaltyT, currency: string): string {
  if (rule.kind === "base_rate") return t("summary.effect.base_rate", { rate: rule.rate ?? "?", count: Number(rule.rate ?? 0), currency });
  if (rule.kind === "multiplier") return t("summary.effect.multiplier", { factor: rule.factor ?? "?" });
  return t("summary.effect.bonus", { points: rule.points ?? 0, trigger: t(`triggers.${rule.trigger ?? "basket"}`) });
}

/** When a rule applies, one phrase per condition ("in Books", "Mon–Fri", "12:00–17:00"); empty: always. */
export function ruleConditions(rule: RuleDefinition, t: LoyaltyT, names: RuleNames, currency: string): string[] {
  const c = rule.conditions;
  const phrases: string[] = [];
  const named = (ids: readonly string[], lookup: ReadonlyMap<string, string>) => join(ids.map((id) => lookup.get(id) ?? id));
  if (c.categories?.length) phrases.push(t("summary.categories", { list: named(c.categories, names.categories) }));
  if (c.skus?.length) phrases.push(t("summary.skus", { list: join(c.skus) }));
  if (c.channels?.length) phrases.push(t("summary.channels", { list: join(c.channels.map((ch) => t(`channels.${ch}`))) }));
  if (c.storeIds?.length) phrases.push(t("summary.stores", { list: named(c.storeIds, names.stores) }));
  if (c.tierIds?.length) phrases.push(t("summary.tiers", { list: named(c.tierIds, names.tiers) }));
  if (c.weekdays?.length) phrases.push(t("summary.weekdays", { list: weekdayList(c.weekdays, t) }));
  if (c.timeFrom && c.timeTo) phrases.push(t("summary.time", { from: c.timeFrom, to: c.timeTo }));
  else if (c.timeFrom) phrases.push(t("summary.timeFrom", { from: c.timeFrom }));
  else if (c.timeTo) phrases.push(t("summary.timeTo", { to: c.timeTo }));
  if (c.minBasketMinor !== undefined) phrases.push(t("summary.minBasket", { amount: `${minorToDecimal(c.minBasketMinor, currency)} ${currency}` }));
  if (c.currencies?.length) phrases.push(t("summary.currencies", { list: join(c.currencies) }));
  if (rule.capPerDay !== null) phrases.push(t("summary.capDay", { points: rule.capPerDay }));
  if (rule.capPerMonth !== null) phrases.push(t("summary.capMonth", { points: rule.capPerMonth }));
  return phrases;
}

/** ISO weekdays as short names, runs of three or more as a range: [1,2,3,4,5] → "Mon–Fri". */
export function weekdayList(days: readonly number[], t: LoyaltyT): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const first = t(`weekdaysShort.${sorted[i]}`);
    if (j - i >= 2) parts.push(t("summary.range", { from: first, to: t(`weekdaysShort.${sorted[j]}`) }));
    else for (let k = i; k <= j; k++) parts.push(t(`weekdaysShort.${sorted[k]}`));
    i = j + 1;
  }
  return join(parts);
}
