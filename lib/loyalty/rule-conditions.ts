import type { Basket, BasketLine, EarningMember, SkipReason } from "./earning-types";
import { parseClock, type LocalMoment } from "./local-time";
import type { EarningRule } from "./rule-types";

/** Reasons a rule cannot apply to anything in this basket (dates, channel, store, time, tier, ...). */
export function basketFailure(rule: EarningRule, basket: Basket, member: EarningMember, local: LocalMoment, total: number): SkipReason | null {
  const c = rule.conditions;
  if (rule.startsAt && basket.occurredAt < rule.startsAt) return "not_started";
  if (rule.endsAt && basket.occurredAt >= rule.endsAt) return "ended";
  if (c.currencies?.length && !c.currencies.includes(basket.currency)) return "currency";
  if (c.channels?.length && !c.channels.includes(basket.channel)) return "channel";
  if (c.storeIds?.length && !c.storeIds.includes(basket.storeId)) return "store";
  return momentFailure(rule, member, local) ?? (c.minBasketMinor !== undefined && total < c.minBasketMinor ? "min_basket" : null);
}

/** Conditions that also hold for engagement events: tier, weekday and time of day. */
export function momentFailure(rule: EarningRule, member: EarningMember, local: LocalMoment): SkipReason | null {
  const c = rule.conditions;
  if (c.tierIds?.length && (member.tierId === null || !c.tierIds.includes(member.tierId))) return "tier";
  if (c.weekdays?.length && !c.weekdays.includes(local.weekday)) return "weekday";
  const from = c.timeFrom ? parseClock(c.timeFrom) : null;
  const to = c.timeTo ? parseClock(c.timeTo) : null;
  if (from !== null && local.minutes < from) return "time";
  if (to !== null && local.minutes >= to) return "time";
  return null;
}

export function lineFailure(rule: EarningRule, line: BasketLine): SkipReason | null {
  const c = rule.conditions;
  if (c.categories?.length && !c.categories.includes(line.category)) return "category";
  if (c.skus?.length && !c.skus.includes(line.sku)) return "sku";
  return null;
}

/** Higher priority first; ties by rule id, the same order everywhere (dry run, ledger, history SQL). */
export const byPriority = (a: EarningRule, b: EarningRule) => b.priority - a.priority || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
