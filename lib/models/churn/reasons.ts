import { binForModel, walkContributions, type GbtModel } from "../gbt";
import type { FeatureMatrix } from "../matrix";
import type { ReasonKind } from "./reason-kinds";

export { REASON_KINDS, type ReasonKind } from "./reason-kinds";

/**
 * The drivers of a member's churn risk in plain words. The trees' per-feature contributions (path
 * attribution, gbt/contributions.ts) are summed per reason — a reason groups the features that say the
 * same thing in different ways (days since the last purchase, that gap against the member's usual one) —
 * and the reasons that raise the risk most are written as message keys of the `churn` catalogue
 * (messages/<locale>/churn.json, under `reasons.`) with the member's own figures as parameters.
 */

export interface ReasonMessage {
  /** Key under `reasons.` in the churn catalogue. */
  key: string;
  /** Whole numbers for the message's placeholders. */
  params: Record<string, number>;
}

export interface MemberReason {
  kind: ReasonKind;
  /** The reason's share of the member's log-odds of churning (positive = raises the risk). */
  contribution: number;
  message: ReasonMessage;
}

/** Reads the member's value of a feature; NaN when missing or not extracted. */
type Value = (feature: string) => number;

interface ReasonRule {
  kind: ReasonKind;
  /** Features whose contributions count toward the reason. */
  features: readonly string[];
  /** The reason in words for this member, or null when their figures do not support a plain statement. */
  message: (value: Value) => ReasonMessage | null;
}

const known = (x: number) => Number.isFinite(x);
const say = (key: string, params: Record<string, number>): ReasonMessage => ({ key, params });
const whole = (x: number) => Math.round(x);

/**
 * The reason table, keyed by the feature names of the churn features (docs/churn.md, "Features"). A
 * feature in no reason (channel shares, say) still moves the score but is never named as a reason.
 */
export const REASON_RULES: readonly ReasonRule[] = [
  {
    kind: "purchaseGap",
    features: ["recency_days", "recency_ratio", "interval_mean_days", "interval_cv"],
    message: (v) => {
      const days = v("recency_days");
      if (!known(days)) return null;
      const usual = v("interval_mean_days");
      return known(usual) && usual >= 1
        ? say("noPurchaseUsually", { days: whole(days), usual: whole(usual) })
        : say("noPurchaseSince", { days: whole(days) });
    },
  },
  {
    kind: "fewerPurchases",
    features: ["sales_90d", "sales_prev_90d", "sales_per_30d", "frequency"],
    message: (v) => {
      const recent = v("sales_90d");
      const before = v("sales_prev_90d");
      if (known(recent) && known(before) && recent < before) return say("fewerPurchases", { recent: whole(recent), before: whole(before) });
      const count = v("frequency");
      const months = v("tenure_days") / 30.4;
      return known(count) && known(months) && months >= 1 ? say("rareBuyer", { count: whole(count), months: Math.max(1, whole(months)) }) : null;
    },
  },
  {
    kind: "basketDown",
    features: ["basket_90d_vs_before", "basket_mean"],
    message: (v) => {
      const ratio = v("basket_90d_vs_before");
      return known(ratio) && ratio < 0.95 ? say("basketDown", { percent: whole(100 * (1 - ratio)) }) : null;
    },
  },
  {
    kind: "engagementDown",
    features: ["events_30d", "events_90d", "events_per_30d", "events_60d_vs_before", "days_since_event", "events_since_sale_vs_usual", "events_before_sale_vs_usual"],
    message: (v) => {
      const silent = v("days_since_event");
      if (known(silent) && silent >= 30) return say("noEngagement", { days: whole(silent) });
      const ratio = v("events_60d_vs_before");
      return known(ratio) && ratio < 0.9 ? say("engagementDown", { percent: whole(100 * (1 - ratio)) }) : null;
    },
  },
  {
    kind: "appSilent",
    features: ["app_opens_60d", "days_since_app_open"],
    message: (v) => {
      const days = v("days_since_app_open");
      return known(days) && days >= 14 ? say("appSilent", { days: whole(days) }) : null;
    },
  },
  {
    kind: "emailSilent",
    features: ["email_opens_90d"],
    message: (v) => (v("email_opens_90d") === 0 ? say("emailSilent", { days: 90 }) : null),
  },
  {
    kind: "newMember",
    features: ["tenure_days"],
    message: (v) => {
      const days = v("tenure_days");
      const count = v("frequency");
      return known(days) && days < 180 && known(count) && count <= 2 ? say("newMember", { days: whole(days), count: whole(count) }) : null;
    },
  },
  {
    kind: "dealDriven",
    features: ["discount_share"],
    message: (v) => {
      const share = v("discount_share");
      return known(share) && share >= 0.15 ? say("dealDriven", { percent: whole(100 * share) }) : null;
    },
  },
  {
    kind: "returns",
    features: ["return_share"],
    message: (v) => {
      const share = v("return_share");
      return known(share) && share >= 0.1 ? say("returns", { percent: whole(100 * share) }) : null;
    },
  },
  {
    kind: "stoppedRedeeming",
    features: ["redemptions_90d", "days_since_redemption"],
    message: (v) => {
      const days = v("days_since_redemption");
      return known(days) && days >= 60 ? say("stoppedRedeeming", { days: whole(days) }) : null;
    },
  },
];

export interface ExplainRiskOptions {
  /** Reasons per member, at most. */
  top?: number;
  /** Smallest contribution (log-odds) worth naming. */
  minContribution?: number;
  /** Feature values to quote; defaults to the matrix the model scored (pass it when the model saw transformed values). */
  values?: FeatureMatrix;
}

/**
 * A member's top reasons from their per-feature contributions (model feature order, as walkContributions
 * gives them) and their row in `values` (the figures the messages quote): the scoring run's per-row step.
 */
export function reasonsFromContributions(
  model: GbtModel,
  values: FeatureMatrix,
  options: Omit<ExplainRiskOptions, "values"> = {},
): (row: number, contributions: Float64Array) => MemberReason[] {
  const top = options.top ?? 3;
  const minContribution = options.minContribution ?? 0.05;
  const modelIndex = new Map(model.featureNames.map((name, f) => [name, f]));
  const columns = new Map(values.featureNames.map((name, f) => [name, values.columns[f] as Float64Array]));
  const rules = REASON_RULES.map((rule) => ({ rule, indices: rule.features.flatMap((name) => modelIndex.get(name) ?? []) })).filter((r) => r.indices.length > 0);
  let current = 0;
  const value: Value = (name) => columns.get(name)?.[current] ?? Number.NaN;
  return (row, contributions) => {
    current = row;
    const reasons: MemberReason[] = [];
    for (const { rule, indices } of rules) {
      let contribution = 0;
      for (const f of indices) contribution += contributions[f] as number;
      if (contribution < minContribution) continue;
      const message = rule.message(value);
      if (message) reasons.push({ kind: rule.kind, contribution, message });
    }
    return reasons.sort((a, b) => b.contribution - a.contribution).slice(0, top);
  };
}

/**
 * The top reasons, by contribution, for every row of the matrix (one walk through the trees per row, as
 * the scoring run does).
 */
export function explainRisk(model: GbtModel, features: FeatureMatrix, options: ExplainRiskOptions = {}): MemberReason[][] {
  const reasonsOf = reasonsFromContributions(model, options.values ?? features, options);
  const out: MemberReason[][] = [];
  walkContributions(model, binForModel(model, features), features.rows, (row, _, contributions) => out.push(reasonsOf(row, contributions)));
  return out;
}
