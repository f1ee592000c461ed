import type { Explanation, SkipReason } from "./earning-types";
import { minorToDecimal } from "./money";

const REASONS: Record<SkipReason, string> = {
  not_started: "the rule has not started yet",
  ended: "the rule has ended",
  currency: "the receipt is in another currency",
  channel: "the purchase is in another channel",
  store: "the purchase is in another store",
  tier: "the member is not in one of its tiers",
  weekday: "the purchase is on another weekday",
  time: "the purchase is outside its time of day",
  min_basket: "the basket is below its minimum",
  category: "the line is not in its categories",
  sku: "the line is not one of its products",
  superseded: "a base rate of higher priority applies",
  best_of: "another best-of rule gives more",
  no_base_points: "the line earns no base points",
  not_first_purchase: "it is not the member's first purchase",
  not_birthday_month: "it is not the member's birthday month",
  once_a_year: "the birthday bonus was given this year",
  cap_day: "the rule's daily cap is reached",
  cap_month: "the rule's monthly cap is reached",
};

/**
 * An English sentence for an explanation, for API clients and logs. The admin UI composes its own,
 * translated, from the structured fields.
 */
export function explanationText(e: Explanation, currency: string | undefined, amountMinor?: number): string {
  const name = e.name ?? e.kind;
  const version = e.version !== undefined ? ` v${e.version}` : "";
  const on = amountMinor !== undefined && currency ? ` on ${minorToDecimal(amountMinor, currency)} ${currency}` : "";
  if (!e.applied && e.reason && e.points === 0 && e.uncappedPoints === undefined) return `${name}${version}: not applied (${REASONS[e.reason]})`;
  const capped = e.uncappedPoints !== undefined && e.reason ? `, ${e.uncappedPoints} before the cap (${REASONS[e.reason]})` : "";
  switch (e.kind) {
    case "base_rate":
      if (e.ruleId === undefined) return `no base rate applies${on}: 0 points`;
      return `${name}${version}: ${e.rate ?? "?"} points per ${currency ?? "unit"}${on} = ${e.points} points${capped}`;
    case "multiplier":
      return `${name}${version}: ×${e.factor ?? "?"}${on} adds ${e.points} points${capped}`;
    case "tier":
      return `tier ${name}: ×${e.factor ?? "?"}${on} adds ${e.points} points`;
    case "boost":
      return `points boost ×${e.factor ?? "?"}${on} adds ${e.points} points`;
    case "bonus":
      return `${name}${version}: bonus of ${e.points} points${capped}`;
  }
}
