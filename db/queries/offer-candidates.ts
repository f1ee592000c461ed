import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { RewardKind } from "@/lib/loyalty/reward-types";
import type { OfferCandidate } from "@/lib/personalization/next-best-offer";
import type { Db } from "../client";
import { selectRows } from "../sql";

/** A voucher without its own validity is given the validity a campaign offer has by default (campaign_variants.valid_days). */
const DEFAULT_VALID_DAYS = 14;

/**
 * The category an offer is for, over the rewards row `alias`: the reward's own (rewards.category_id), else the
 * category of the product a free-product voucher names, else the category (code) or product a
 * buy-one-get-one names; null: any purchase. The same for the next best offer, the propensity model's
 * training examples and its scores: `column` in the select list, `joins` after the rewards table.
 */
export function rewardCategory(alias: string): { column: SQL; joins: SQL } {
  const r = sql.raw(alias);
  return {
    column: sql`coalesce(${r}.category_id, fp.category_id, bc.id, bp.category_id)::text`,
    joins: sql`LEFT JOIN products fp ON ${r}.kind = 'free_product' AND fp.sku = ${r}.value->>'sku'
               LEFT JOIN categories bc ON ${r}.kind = 'bogo' AND bc.code = ${r}.value->>'category'
               LEFT JOIN products bp ON ${r}.kind = 'bogo' AND bp.sku = ${r}.value->>'sku'`,
  };
}

/**
 * The rewards a member may be offered now: active, within their validity, in stock (and with codes left when
 * they come from a pool), for the member's tier, costed in the program's currency, not out of budget, and not
 * one the member already holds unused. "Out of budget": the reward is offered by live campaigns (running,
 * paused or scheduled) and none of them has a redemption's cost left of its budget; a reward no campaign
 * offers is bounded by its stock alone.
 * Each with its category (rewardCategory).
 */
export async function offerCandidates(db: Db, params: { memberId: string; programId: string; tierId: string | null; now: Date }): Promise<OfferCandidate[]> {
  const now = sql`${params.now.toISOString()}::timestamptz`;
  const liveOffer = sql`FROM campaign_variants v JOIN campaigns c ON c.id = v.campaign_id
                        WHERE v.reward_id = r.id AND c.status IN ('running', 'paused', 'scheduled')`;
  const rows = await selectRows<{ reward_id: string; name: string; kind: RewardKind; category_id: string | null; cost: number; valid_days: number }>(
    db,
    sql`SELECT r.id::text AS reward_id, r.name, r.kind, ${rewardCategory("r").column} AS category_id,
               r.cost_minor::float8 AS cost, coalesce(r.voucher_days, ${DEFAULT_VALID_DAYS}::int) AS valid_days
          FROM rewards r JOIN loyalty_programs lp ON lp.id = r.program_id
          ${rewardCategory("r").joins}
         WHERE r.program_id = ${params.programId}::uuid AND r.active AND r.cost_currency = lp.currency
           AND (r.valid_from IS NULL OR r.valid_from <= ${now}) AND (r.valid_to IS NULL OR r.valid_to > ${now})
           AND (r.stock IS NULL OR r.stock > 0)
           AND (NOT r.uses_code_pool OR EXISTS (SELECT 1 FROM reward_codes rc WHERE rc.reward_id = r.id AND rc.redemption_id IS NULL))
           AND (cardinality(r.eligible_tier_ids) = 0 OR ${params.tierId}::uuid = ANY (r.eligible_tier_ids))
           AND (NOT EXISTS (SELECT 1 ${liveOffer})
                OR EXISTS (SELECT 1 ${liveOffer} AND (c.budget_minor IS NULL OR c.budget_minor - c.spent_minor >= r.cost_minor)))
           AND NOT EXISTS (SELECT 1 FROM campaign_recipients cr JOIN campaign_variants ov ON ov.id = cr.variant_id
                            WHERE cr.member_id = ${params.memberId}::uuid AND ov.reward_id = r.id AND cr.redeemed_at IS NULL
                              AND (cr.valid_until IS NULL OR cr.valid_until > ${now}))
         ORDER BY r.id`,
  );
  return rows.map((r) => ({ rewardId: r.reward_id, name: r.name, kind: r.kind, categoryId: r.category_id, costMinor: r.cost, validDays: r.valid_days }));
}
