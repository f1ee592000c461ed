import { brierScore, rocAuc } from "../metrics";
import type { LabelledSet } from "./dataset";

const DAYS_PER_YEAR = 365.25;

/** The demo generator's truth about a member (ground_truth.members); only model evaluation reads it. */
export interface TruthRow {
  memberId: string;
  ratePerYear: number;
  lapseProbability: number;
  /** The member's last purchase before stopping for good; null while alive at the end of the data. */
  lapsedAt: Date | null;
}

export interface GroundTruthReport {
  testRows: number;
  /** Test members who had already stopped for good at the test cutoff. */
  deadAtCutoff: number;
  /** Churn labels that are members who were dead at the cutoff (the rest were alive but did not buy). */
  churnedDead: number;
  churned: number;
  /**
   * The best any model could do from the truth itself: P(no purchase in the horizon) = 1 when dead,
   * else exp(-rate x horizon) (Poisson purchases, seasonality ignored). Its AUC is the ceiling.
   */
  oracle: { auc: number; brier: number };
  /** Each model's AUC at telling the members dead at the cutoff from the living. */
  deadAuc: { name: string; auc: number }[];
}

/**
 * Judges a backtest against the generator's truth. In the generator a member stops for good right after a
 * purchase (BG/NBD), so "dead at the cutoff" means lapsedAt < cutoff, and a living member's chance of no
 * purchase in H days is exp(-rate H / 365.25).
 */
export function groundTruthReport(input: {
  test: LabelledSet & { cutoff: Date };
  truth: readonly TruthRow[];
  testScores: ReadonlyMap<string, Float64Array>;
  horizonDays: number;
}): GroundTruthReport {
  const { test, horizonDays } = input;
  const byId = new Map(input.truth.map((t) => [t.memberId, t]));
  const dead = new Uint8Array(test.labels.length);
  const oracle = new Float64Array(test.labels.length);
  test.memberIds.forEach((id, i) => {
    const truth = byId.get(id);
    if (!truth) throw new RangeError(`ground truth has no row for test member ${id}`);
    const isDead = truth.lapsedAt !== null && truth.lapsedAt.getTime() < test.cutoff.getTime();
    dead[i] = isDead ? 1 : 0;
    oracle[i] = isDead ? 1 : Math.exp((-truth.ratePerYear * horizonDays) / DAYS_PER_YEAR);
  });
  let churned = 0;
  let churnedDead = 0;
  test.labels.forEach((y, i) => {
    churned += y;
    churnedDead += y & (dead[i] as number);
  });
  return {
    testRows: test.labels.length,
    deadAtCutoff: dead.reduce((s, d) => s + d, 0),
    churnedDead,
    churned,
    oracle: { auc: rocAuc(test.labels, oracle), brier: brierScore(test.labels, oracle) },
    deadAuc: [...input.testScores].map(([name, scores]) => ({ name, auc: rocAuc(dead, scores) })),
  };
}
