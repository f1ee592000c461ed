import type { MemberReason, ReasonKind } from "./reasons";

/**
 * What to do about an at-risk member, from their risk, the value at stake and their dominant reason. The
 * policy is data — an ordered list of rules, the first that matches wins — that admins edit on
 * /churn/policy (versions in churn_intervention_policies); DEFAULT_INTERVENTION_POLICY applies until one is
 * saved. Each intervention is a message key under `interventions.` in the churn catalogue.
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

/** Matches every member: no reasons named, no thresholds above 0. */
export function isCatchAll(rule: InterventionRule): boolean {
  return rule.reasons === undefined && (rule.minRisk ?? 0) <= 0 && (rule.minValueRank ?? 0) <= 0;
}

/** Whether every member `later` matches is matched by `earlier` too (so `later` never gets anyone once `earlier` is above it). */
function covers(earlier: InterventionRule, later: InterventionRule): boolean {
  const reasonsCovered = earlier.reasons === undefined || (later.reasons !== undefined && later.reasons.every((r) => earlier.reasons?.includes(r)));
  return reasonsCovered && (earlier.minRisk ?? 0) <= (later.minRisk ?? 0) && (earlier.minValueRank ?? 0) <= (later.minValueRank ?? 0);
}

/**
 * What an editor of the policy should be told before saving it (0-based rule indexes): a rule that can never
 * match because one above it matches all its members, and a policy whose last rule is not a catch-all
 * (members no rule matches get no suggested action). Warnings, not errors: such a policy still works.
 */
export type PolicyWarning = { kind: "unreachable"; rule: number; coveredBy: number } | { kind: "noCatchAll" };

export function policyWarnings(policy: readonly InterventionRule[]): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  policy.forEach((rule, j) => {
    const i = policy.slice(0, j).findIndex((earlier) => covers(earlier, rule));
    if (i >= 0) warnings.push({ kind: "unreachable", rule: j, coveredBy: i });
  });
  const last = policy[policy.length - 1];
  if (!last || !isCatchAll(last)) warnings.push({ kind: "noCatchAll" });
  return warnings;
}

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
