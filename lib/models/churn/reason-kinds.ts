/**
 * The kinds of reason a member's churn risk is explained by (reasons.ts groups the features behind each).
 * A module of its own, without the trees, so the policy editor in the browser can list them.
 */
export const REASON_KINDS = [
  "purchaseGap",
  "fewerPurchases",
  "basketDown",
  "engagementDown",
  "appSilent",
  "emailSilent",
  "newMember",
  "dealDriven",
  "returns",
  "stoppedRedeeming",
] as const;

export type ReasonKind = (typeof REASON_KINDS)[number];
