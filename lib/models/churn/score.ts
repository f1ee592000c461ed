import {
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  discountedValue,
  gammaGammaExpectedSpend,
  type BgNbdParams,
  type ClvOptions,
  type GammaGammaParams,
  type MemberInput,
} from "../btyd";
import { binForModel, sigmoid, walkContributions, type GbtModel } from "../gbt";
import type { FeatureMatrix } from "../matrix";
import { suggestIntervention, valueRanks, type InterventionKind, type InterventionRule } from "./interventions";
import { riskBand, type RiskBand } from "./bands";
import { reasonsFromContributions, type MemberReason } from "./reasons";

/**
 * A member's churn score as the product shows it: the classifier's probability of no purchase in the
 * horizon, the BTYD view (P(alive), expected purchases, CLV), the value at stake (CLV x churn probability:
 * what the program stands to lose), the risk band and the reasons. Pure: the scoring run
 * (db/queries/churn-score.ts) feeds it a chunk of members at a time.
 */

const WEEKS_PER_YEAR = 365 / 7;

/**
 * CLV: next 12 months in 4 quarters, discounted at 10% a year (compounded quarterly), margin 1 (revenue).
 * Four evaluations of E[Y(t)] per member: the discount matters little over a year, and a monthly sum would
 * cost three times as much at a million members.
 */
export const CLV_OPTIONS: ClvOptions = { periods: 4, periodLength: WEEKS_PER_YEAR / 4, discountRate: Math.pow(1.1, 1 / 4) - 1, margin: 1 };

/** The BTYD models fitted for a scoring run (weeks as the time unit; spend in minor units of the program currency). */
export interface BtydScoringModel {
  bgNbd: BgNbdParams;
  /** Null when there were no repeat purchases to fit Gamma-Gamma on: CLV is then unknown (null). */
  gammaGamma: GammaGammaParams | null;
}

export interface MemberScore {
  memberId: string;
  churnProbability: number;
  probabilityAlive: number;
  /** Expected purchases in the churn horizon. */
  expectedPurchases: number;
  clvMinor: number | null;
  valueAtStakeMinor: number | null;
  riskBand: RiskBand;
  reasons: MemberReason[];
}

/** The BTYD figures of one member; their (x, t_x, T) is in weeks, meanSpend in minor units (NaN: no valued repeat). */
export function btydFigures(model: BtydScoringModel, member: MemberInput, horizonDays: number): { probabilityAlive: number; expectedPurchases: number; clvMinor: number | null } {
  const expected = (weeks: number) => bgNbdConditionalExpectedPurchases(model.bgNbd, member, weeks);
  const spendInput = Number.isFinite(member.meanSpend) && member.x > 0 ? member : { x: 0, meanSpend: 0 };
  const spend = model.gammaGamma ? gammaGammaExpectedSpend(model.gammaGamma, spendInput) : Number.NaN;
  const clv = Number.isFinite(spend) && spend > 0 ? discountedValue(expected, spend, CLV_OPTIONS) : Number.NaN;
  return {
    probabilityAlive: bgNbdProbabilityAlive(model.bgNbd, member),
    expectedPurchases: expected(horizonDays / 7),
    clvMinor: Number.isFinite(clv) ? Math.round(clv) : null,
  };
}

/**
 * Scores the rows of `features` (member memberIds[i] in row i). `stats` holds every member's BTYD
 * statistics (a member with features bought before asOf, so a missing entry is a bug and throws).
 */
export function scoreMembers(input: {
  model: GbtModel;
  btyd: BtydScoringModel;
  memberIds: readonly string[];
  features: FeatureMatrix;
  stats: ReadonlyMap<string, MemberInput>;
  horizonDays: number;
}): MemberScore[] {
  const reasonsOf = reasonsFromContributions(input.model, input.features);
  const scores: MemberScore[] = [];
  // One walk per member gives the probability (the same sum as predictProbabilities) and the reasons.
  walkContributions(input.model, binForModel(input.model, input.features), input.features.rows, (i, margin, contributions) => {
    const memberId = input.memberIds[i] as string;
    const stats = input.stats.get(memberId);
    if (!stats) throw new Error(`no purchase statistics for member ${memberId}`);
    const churnProbability = sigmoid(margin);
    const btyd = btydFigures(input.btyd, stats, input.horizonDays);
    scores.push({
      memberId,
      churnProbability,
      ...btyd,
      valueAtStakeMinor: btyd.clvMinor === null ? null : Math.round(btyd.clvMinor * churnProbability),
      riskBand: riskBand(churnProbability),
      reasons: reasonsOf(i, contributions),
    });
  });
  return scores;
}

/**
 * The suggested intervention of each scored member: the policy's first matching rule given their risk,
 * their dominant reason and their value rank among all members scored in the run (unknown value ranks lowest).
 * The definition; a run scored chunk by chunk reaches the same with RunInterventions (tested).
 */
export function assignInterventions(
  policy: readonly InterventionRule[],
  members: ReadonlyArray<{ churnProbability: number; valueAtStakeMinor: number | null; dominantReason: MemberReason["kind"] | null }>,
): Array<InterventionKind | null> {
  const ranks = valueRanks(members.map((m) => m.valueAtStakeMinor ?? -1));
  return members.map((m, i) =>
    suggestIntervention(policy, {
      risk: m.churnProbability,
      valueRank: ranks[i] as number,
      reasons: m.dominantReason ? [{ kind: m.dominantReason }] : [],
    }),
  );
}

/**
 * A run's interventions when its members are scored a chunk at a time. Value ranks are over the whole run,
 * so they are known only at its end; but a member's intervention depends on their rank only when the
 * policy's first matching rule differs between rank 0 and rank 1 (rules match from a minimum rank up, so
 * any rank in between gives one of the two or a rule between them). `add` returns the intervention with
 * the rank taken as 0, to be written with the score, and remembers only the members for whom the rank can
 * matter; `changes` then gives, per intervention, the members the ranks moved to another one. Written and
 * changed together, every member ends with what assignInterventions gives over the whole run.
 */
export class RunInterventions {
  private readonly values: number[] = [];
  private readonly pending: Array<{ index: number; memberId: string; risk: number; provisional: InterventionKind | null; reason: MemberReason["kind"] | null }> = [];

  constructor(private readonly policy: readonly InterventionRule[]) {}

  add(memberId: string, member: { churnProbability: number; valueAtStakeMinor: number | null; dominantReason: MemberReason["kind"] | null }): InterventionKind | null {
    const reasons = member.dominantReason ? [{ kind: member.dominantReason }] : [];
    const provisional = suggestIntervention(this.policy, { risk: member.churnProbability, valueRank: 0, reasons });
    const best = suggestIntervention(this.policy, { risk: member.churnProbability, valueRank: 1, reasons });
    if (best !== provisional) {
      this.pending.push({ index: this.values.length, memberId, risk: member.churnProbability, provisional, reason: member.dominantReason });
    }
    this.values.push(member.valueAtStakeMinor ?? -1);
    return provisional;
  }

  changes(): Map<InterventionKind | null, string[]> {
    const ranks = valueRanks(this.values);
    const changed = new Map<InterventionKind | null, string[]>();
    for (const p of this.pending) {
      const kind = suggestIntervention(this.policy, { risk: p.risk, valueRank: ranks[p.index] as number, reasons: p.reason ? [{ kind: p.reason }] : [] });
      if (kind === p.provisional) continue;
      const ids = changed.get(kind) ?? [];
      ids.push(p.memberId);
      changed.set(kind, ids);
    }
    return changed;
  }
}
