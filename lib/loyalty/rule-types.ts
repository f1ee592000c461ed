import type { Currency, SalesChannel } from "@/db/schema/enums";

/**
 * When a rule applies. Every condition given must hold (AND); a list matches any of its values. Days and
 * times are program-local. Category and SKU conditions are per line (for a bonus: the basket has such a line).
 */
export interface RuleConditions {
  categories?: string[];
  skus?: string[];
  channels?: SalesChannel[];
  storeIds?: string[];
  tierIds?: string[];
  /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
  weekdays?: number[];
  /** "HH:MM", inclusive. */
  timeFrom?: string;
  /** "HH:MM", exclusive. */
  timeTo?: string;
  /** The basket's total (after discounts) must reach this many minor units of the receipt's currency. */
  minBasketMinor?: number;
  currencies?: Currency[];
}

export type EarningRuleKind = "base_rate" | "multiplier" | "bonus";
export type RuleCombine = "stack" | "best_of";
export type PurchaseBonusTrigger = "basket" | "first_purchase" | "birthday_month";
export type EventBonusTrigger = "review" | "social_share" | "app_signup";
export type BonusTrigger = PurchaseBonusTrigger | EventBonusTrigger;
export const EVENT_BONUS_TRIGGERS: readonly EventBonusTrigger[] = ["review", "social_share", "app_signup"];

/** One version of an earning rule, as the engine reads it. */
export interface EarningRule {
  ruleId: string;
  version: number;
  name: string;
  kind: EarningRuleKind;
  active: boolean;
  priority: number;
  combine: RuleCombine;
  /** base_rate: points per currency unit, a decimal string. */
  rate: string | null;
  /** multiplier: factor on base points, a decimal string (> 1). */
  factor: string | null;
  /** bonus: fixed points. */
  points: number | null;
  trigger: BonusTrigger | null;
  capPerDay: number | null;
  capPerMonth: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  conditions: RuleConditions;
}

/** What made part of a line's (or a bonus's) points: stored with each ledger entry. */
export type ShareKind = "base_rate" | "multiplier" | "bonus" | "tier" | "boost";

export interface LineRuleShare {
  kind: ShareKind;
  /** Rule shares: the rule and the version that made the points. */
  ruleId?: string;
  version?: number;
  /** Tier shares: the member's tier at the purchase. */
  tierId?: string;
  /** Boost shares: the points-multiplier redemption. */
  redemptionId?: string;
  points: number;
}

export interface TierDefinition {
  id: string;
  name: string;
  rank: number;
  threshold: number;
  /** Decimal string; "1" = no benefit. */
  earningFactor: string;
}

/** A points-multiplier reward the member redeemed: extra base points from `from` until `until`. */
export interface PointsBoost {
  redemptionId: string;
  factor: string;
  from: Date;
  until: Date;
}
