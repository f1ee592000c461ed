import type { SkipReason } from "./earning-types";
import type { LocalMoment } from "./local-time";
import type { EarningRule } from "./rule-types";

/**
 * Caps per member and program-local day or month (and the birthday bonus's once a year): what a capped
 * rule already gave is read before evaluation; evaluation adds to it, and to the deltas the ledger writes.
 */

export type CapPeriod = "day" | "month" | "year";

/** Points capped rules already gave the member, by capKey; evaluation adds what it awards. */
export type CapUsage = Map<string, number>;

export const capKey = (ruleId: string, period: CapPeriod, periodStart: string) => `${ruleId}|${period}|${periodStart}`;

export interface CapDelta {
  ruleId: string;
  period: CapPeriod;
  periodStart: string;
  points: number;
}

/** Applies a rule's caps to `points`; records what it gave. */
export class CapBook {
  readonly deltas = new Map<string, CapDelta>();
  constructor(
    private readonly usage: CapUsage,
    private readonly local: LocalMoment,
  ) {}

  used(ruleId: string, period: CapPeriod): number {
    const start = period === "day" ? this.local.day : period === "month" ? this.local.month : this.local.year;
    return this.usage.get(capKey(ruleId, period, start)) ?? 0;
  }

  /** The points the rule may still give and the cap that cut them, if one did. */
  allow(rule: EarningRule, points: number): { points: number; cut: SkipReason | null } {
    let allowed = points;
    let cut: SkipReason | null = null;
    if (rule.capPerDay !== null && allowed > rule.capPerDay - this.used(rule.ruleId, "day")) {
      allowed = Math.max(0, rule.capPerDay - this.used(rule.ruleId, "day"));
      cut = "cap_day";
    }
    if (rule.capPerMonth !== null && allowed > rule.capPerMonth - this.used(rule.ruleId, "month")) {
      allowed = Math.max(0, rule.capPerMonth - this.used(rule.ruleId, "month"));
      cut = "cap_month";
    }
    return { points: allowed, cut };
  }

  record(rule: EarningRule, points: number, periods: readonly CapPeriod[]): void {
    if (points === 0) return;
    for (const period of periods) {
      const start = period === "day" ? this.local.day : period === "month" ? this.local.month : this.local.year;
      const key = capKey(rule.ruleId, period, start);
      this.usage.set(key, (this.usage.get(key) ?? 0) + points);
      const delta = this.deltas.get(key) ?? { ruleId: rule.ruleId, period, periodStart: start, points: 0 };
      delta.points += points;
      this.deltas.set(key, delta);
    }
  }
}

export function cappedPeriods(rule: EarningRule): CapPeriod[] {
  const periods: CapPeriod[] = [];
  if (rule.capPerDay !== null) periods.push("day");
  if (rule.capPerMonth !== null) periods.push("month");
  return periods;
}
