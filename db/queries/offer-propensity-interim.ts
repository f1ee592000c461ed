import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { RewardKind } from "@/lib/loyalty/reward-types";
import type { OfferCandidate } from "@/lib/personalization/next-best-offer";
import { memberRedemptionRate, programRedemptionRate, type OfferOutcomes } from "@/lib/personalization/redemption-rate";
import type { Db } from "../client";
import { selectRows } from "../sql";

/**
 * The next best offer's propensity before the trained model exists (offer-propensity-source.ts): a program
 * with too little offer history to train the redemption propensity model (lib/models/propensity.ts) still
 * ranks offers by what its members did with offers so far.
 *
 * It is a real model, not a stub: the member's redemption rate for offers of the candidate's kind
 * (campaign_recipients joined to their variant's reward), Beta-smoothed and shrunk to the program-wide rate of
 * that kind (lib/personalization/redemption-rate.ts). Offers count once their outcome is known: redeemed, or
 * past their validity unredeemed; control members got no offer and do not count.
 */

const outcomes = (where: SQL) => sql`
  SELECT rw.kind, count(*)::int AS sent, count(r.redeemed_at)::int AS redeemed
    FROM campaign_recipients r JOIN campaign_variants v ON v.id = r.variant_id JOIN rewards rw ON rw.id = v.reward_id
   WHERE NOT r.control AND ${where}
   GROUP BY rw.kind`;

function known(now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`r.send_at <= ${at} AND (r.redeemed_at IS NOT NULL OR r.valid_until <= ${at})`;
}

/** The program-wide rates change slowly and cost a scan of every recipient: kept per database for this long. */
const PROGRAM_RATES_TTL_MS = 10 * 60_000;
const programRates = new WeakMap<Db, { at: number; byKind: Map<RewardKind, OfferOutcomes> }>();

async function programOutcomes(db: Db, now: Date): Promise<Map<RewardKind, OfferOutcomes>> {
  const cached = programRates.get(db);
  if (cached && Math.abs(now.getTime() - cached.at) < PROGRAM_RATES_TTL_MS) return cached.byKind;
  const rows = await selectRows<{ kind: RewardKind; sent: number; redeemed: number }>(db, outcomes(known(now)));
  const byKind = new Map(rows.map((r) => [r.kind, { sent: r.sent, redeemed: r.redeemed }]));
  programRates.set(db, { at: now.getTime(), byKind });
  return byKind;
}

/** Forgets the cached program-wide rates (tests that send offers and read the rates at once). */
export function forgetProgramRedemptionRates(db: Db): void {
  programRates.delete(db);
}

/** The interim propensity per candidate (by reward id): see the top of this file. */
export async function interimOfferPropensity(db: Db, params: { memberId: string; candidates: readonly OfferCandidate[]; now: Date }): Promise<Map<string, number>> {
  const [program, member] = await Promise.all([
    programOutcomes(db, params.now),
    selectRows<{ kind: RewardKind; sent: number; redeemed: number }>(db, outcomes(sql`r.member_id = ${params.memberId}::uuid AND ${known(params.now)}`)),
  ]);
  const own = new Map(member.map((r) => [r.kind, { sent: r.sent, redeemed: r.redeemed }]));
  const none = { sent: 0, redeemed: 0 };
  return new Map(
    params.candidates.map((c) => [c.rewardId, memberRedemptionRate(own.get(c.kind) ?? none, programRedemptionRate(program.get(c.kind) ?? none))]),
  );
}
