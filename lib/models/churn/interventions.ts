import type { MemberReason, ReasonKind } from "./reasons";

/**
 * What to do about an at-risk member, from their risk, the value at stake and their dominant reason. The
 * policy is data — an ordered list of rules, the first that matches wins — so that admins can edit it
 * (the policy table); DEFAULT_INTERVENTION_POLICY is the starting point. Each intervention is a
 * message key under `interventions.` in the churn catalogue.
 */
export type InterventionKind =
  | "winBackCall"
  | "specialReward"
  | "personalizedOffer"
  | "eventInvitation"
  | "secondPurchaseOffer"
  | "discountCoupon"
  | "serviceFollowUp"
  | "appComeback";

export const INTERVENTION_KINDS = [
  "winBackCall",
  "specialReward",
  "personalizedOffer",
  "eventInvitation",
  "secondPurchaseOffer",
  "discountCoupon",
  "serviceFollowUp",
  "appComeback",
] as const satisfies readonly InterventionKind[];

export interface InterventionRule {
  /** Matches when the member's dominant reason is one of these; any reason when absent. */
  reasons?: readonly ReasonKind[];
  /** Matches from this churn probability on. */
  minRisk?: number;
  /** Matches from this value rank on: the member's share of at-risk members with less value at stake (0.9 = top 10%). */
  minValueRank?: number;
  intervention: InterventionKind;
}

export const DEFAULT_INTERVENTION_POLICY: readonly InterventionRule[] = [
  // Losing a top-10% member costs most: worth a person's time.
  { minRisk: 0.5, minValueRank: 0.9, intervention: "winBackCall" },
  { reasons: ["newMember"], intervention: "secondPurchaseOffer" },
  { reasons: ["basketDown"], intervention: "personalizedOffer" },
  { reasons: ["dealDriven"], intervention: "discountCoupon" },
  { reasons: ["returns"], intervention: "serviceFollowUp" },
  { reasons: ["appSilent"], intervention: "appComeback" },
  { reasons: ["engagementDown", "emailSilent"], intervention: "eventInvitation" },
  { reasons: ["purchaseGap", "fewerPurchases", "stoppedRedeeming"], intervention: "specialReward" },
  { intervention: "personalizedOffer" },
];

export interface InterventionInput {
  risk: number;
  valueRank: number;
  /** The member's reasons (their kinds), strongest first (explainRisk); the first is the dominant one. */
  reasons: readonly Pick<MemberReason, "kind">[];
}

/** The first rule of the policy that matches the member; null when none does. */
export function suggestIntervention(policy: readonly InterventionRule[], member: InterventionInput): InterventionKind | null {
  const dominant = member.reasons[0]?.kind;
  const rule = policy.find(
    (r) =>
      (r.reasons === undefined || (dominant !== undefined && r.reasons.includes(dominant))) &&
      member.risk >= (r.minRisk ?? 0) &&
      member.valueRank >= (r.minValueRank ?? 0),
  );
  return rule?.intervention ?? null;
}

/**
 * Each member's value rank in [0, 1]: the share of the other members with less value at stake (ties share
 * the rank), so a policy can say "top 10%" without knowing the program's currency or price level.
 */
export function valueRanks(valueAtStake: ArrayLike<number>): Float64Array {
  const n = valueAtStake.length;
  // A typed array sorts numerically without a comparator; a member's rank is where its value first
  // appears in that order (ties share it), found by binary search.
  const sorted = Float64Array.from(valueAtStake).sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = valueAtStake[i] as number;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = n > 1 ? lo / (n - 1) : 0;
  }
  return ranks;
}
