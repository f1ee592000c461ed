import type { Currency, SalesChannel } from "@/db/schema/enums";
import type { CapDelta } from "./caps";
import type { LocalMoment } from "./local-time";
import type { EarningRule, LineRuleShare, PointsBoost, ShareKind, TierDefinition } from "./rule-types";

/** What the earning rules engine (earning-rules.ts) reads and answers. */

export interface BasketLine {
  lineNo: number;
  sku: string;
  category: string;
  quantity: number;
  /** Paid for the line after its discount, in minor units. */
  amountMinor: number;
}

export interface Basket {
  currency: Currency;
  channel: SalesChannel;
  storeId: string;
  occurredAt: Date;
  lines: readonly BasketLine[];
}

export interface EarningMember {
  tierId: string | null;
  birthMonth: number | null;
  /** No sale has earned for the member before this one. */
  firstPurchase: boolean;
  boosts: readonly PointsBoost[];
}

export const NO_MEMBER: EarningMember = { tierId: null, birthMonth: null, firstPurchase: false, boosts: [] };

export interface EarningSetup {
  /** Current versions of the program's rules (inactive ones are skipped). */
  rules: readonly EarningRule[];
  tiers: readonly TierDefinition[];
  timeZone: string;
}

export type SkipReason =
  | "not_started"
  | "ended"
  | "currency"
  | "channel"
  | "store"
  | "tier"
  | "weekday"
  | "time"
  | "min_basket"
  | "category"
  | "sku"
  | "superseded"
  | "best_of"
  | "no_base_points"
  | "not_first_purchase"
  | "not_birthday_month"
  | "once_a_year"
  | "cap_day"
  | "cap_month";

export interface Explanation {
  kind: ShareKind;
  ruleId?: string;
  version?: number;
  name?: string;
  tierId?: string;
  redemptionId?: string;
  /** base_rate: points per currency unit. */
  rate?: string;
  /** multiplier, tier, boost: the factor on base points. */
  factor?: string;
  points: number;
  /** Before a cap cut them (only when a cap did). */
  uncappedPoints?: number;
  applied: boolean;
  reason?: SkipReason;
  /** The same in an English sentence (the admin UI translates from the fields). */
  text: string;
}

export interface LineEarning {
  lineNo: number;
  amountMinor: number;
  points: number;
  shares: LineRuleShare[];
  explanations: Explanation[];
}

export interface BasketEarning {
  lines: LineEarning[];
  /** Basket bonuses: each applied one is a share with no line. */
  bonuses: LineRuleShare[];
  bonusExplanations: Explanation[];
  points: number;
  capDeltas: CapDelta[];
  local: LocalMoment;
}

export interface EvaluateOptions {
  /** Explain what applied (dry runs, event bonuses); the ledger needs only the shares. */
  explain?: boolean;
  /** Also explain rules that did not apply, with the reason (dry runs). */
  explainSkipped?: boolean;
}

export interface EventEarning {
  points: number;
  shares: LineRuleShare[];
  explanations: Explanation[];
  capDeltas: CapDelta[];
  local: LocalMoment;
}
