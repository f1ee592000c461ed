import { bgNbdProbabilityNoPurchase, compressRfm, fitBgNbd, type RfmStats } from "../btyd";
import type { ScoreBaseline } from "./backtest";

/**
 * The BTYD-only churn baseline: BG/NBD fitted on the test members' purchases before the test cutoff (weeks,
 * compressed on a weekly grid), each member scored by P(no purchase in the label's horizon). A probability over
 * the same horizon as the label, so Brier and calibration are reported for it too.
 */
export function btydBaseline(testMemberIds: readonly string[], stats: ReadonlyMap<string, RfmStats>, horizonDays: number): ScoreBaseline {
  const present = testMemberIds.map((id) => stats.get(id));
  const fit = fitBgNbd(compressRfm(present.filter((s): s is RfmStats => s !== undefined), 1));
  const horizonWeeks = horizonDays / 7;
  const testScores = new Float64Array(testMemberIds.length);
  present.forEach((s, i) => {
    // Every test member bought before the cutoff (churn-labels' eligibility), so a missing row is a bug.
    if (!s) throw new Error(`no purchase history for test member ${testMemberIds[i]}`);
    testScores[i] = bgNbdProbabilityNoPurchase(fit.params, s, horizonWeeks);
  });
  return { name: "btyd", testScores, probabilities: true };
}
