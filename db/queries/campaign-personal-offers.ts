import "server-only";
import { sql } from "drizzle-orm";
import type { RewardKind } from "@/lib/loyalty/reward-types";
import { scoreOffers } from "@/lib/models/propensity";
import { expectedIncrementalValue, type OfferCandidate } from "@/lib/personalization/next-best-offer";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { rewardCategory } from "./offer-candidates";
import { PROGRAM_MARGIN_PERCENT } from "./member-offers";
import { loadLatestPropensityModel } from "./offer-propensity";
import { loadPropensityInputs } from "./offer-propensity-inputs";
import { loadOfferFacts } from "./personalization-member";
import { latestRecommendationModel } from "./recommendations";

/** Members scored per round trip: two set-based reads of their facts and one of their propensity inputs. */
const CHUNK = 10_000;

interface VariantOffer extends OfferCandidate {
  variantId: string;
  position: number;
}

/** The campaign's offers as next-best-offer candidates (the variant's validity, the reward's cost and category). */
async function campaignOffers(db: Db, campaignId: string): Promise<{ offers: VariantOffer[]; marginPercent: number }> {
  const category = rewardCategory("r");
  const rows = await selectRows<{ variant_id: string; position: number; reward_id: string; name: string; kind: RewardKind; category_id: string | null; cost: number; valid_days: number; margin: number }>(
    db,
    sql`SELECT v.id::text AS variant_id, v.position, r.id::text AS reward_id, r.name, r.kind, ${category.column} AS category_id,
               r.cost_minor::float8 AS cost, v.valid_days, c.margin_percent AS margin
          FROM campaign_variants v JOIN campaigns c ON c.id = v.campaign_id JOIN rewards r ON r.id = v.reward_id ${category.joins}
         WHERE v.campaign_id = ${campaignId}::uuid ORDER BY v.position`,
  );
  return {
    offers: rows.map((r) => ({ variantId: r.variant_id, position: r.position, rewardId: r.reward_id, name: r.name, kind: r.kind, categoryId: r.category_id, costMinor: r.cost, validDays: r.valid_days })),
    marginPercent: rows[0]?.margin ?? PROGRAM_MARGIN_PERCENT,
  };
}

/**
 * A personalized campaign's choice (lib/campaigns/personalize.ts): for each member, the campaign's offer with
 * the best expected incremental value for them, p · (V − C) as for the next best offer
 * (lib/personalization/next-best-offer.ts: V from their own baskets and purchase rhythm, at the campaign's
 * margin), p from the trained redemption propensity model. Ties go to the higher propensity, then the
 * earlier offer. Unlike the next best offer, a member of the treated audience gets one of the campaign's offers
 * even when none is worth its cost: the marketer chose the offers and the audience.
 *
 * Members without propensity inputs (objected to profiling, erased) get no choice, and nobody does without a
 * trained model: the launch then gives them the allocation's draw.
 */
export async function choosePersonalOffers(db: Db, params: { campaignId: string; memberIds: readonly string[]; now: Date }): Promise<Map<string, string>> {
  const chosen = new Map<string, string>();
  const stored = await loadLatestPropensityModel(db);
  if (!stored || params.memberIds.length === 0) return chosen;
  const [{ offers, marginPercent }, recommendations] = await Promise.all([campaignOffers(db, params.campaignId), latestRecommendationModel(db)]);
  if (offers.length === 0) return chosen;
  const categoryBasketMinor = recommendations?.data.categoryBasketMinor ?? {};
  const rewards = offers.map((o) => ({ id: o.rewardId, kind: o.kind, categoryId: o.categoryId }));
  for (let from = 0; from < params.memberIds.length; from += CHUNK) {
    const ids = params.memberIds.slice(from, from + CHUNK);
    const [inputs, facts] = await Promise.all([loadPropensityInputs(db, { memberIds: ids, asOf: params.now }), loadOfferFacts(db, { memberIds: ids, now: params.now })]);
    for (const memberId of ids) {
      const memberInputs = inputs.get(memberId);
      const memberFacts = facts.get(memberId);
      if (!memberInputs || !memberFacts) continue;
      const p = scoreOffers(stored.model, memberInputs, rewards);
      const full = { ...memberFacts, rarelyBought: [], categoryBasketMinor };
      let best: { variantId: string; ev: number; p: number } | null = null;
      for (const offer of offers) {
        const probability = p.get(offer.rewardId) ?? 0;
        const ev = expectedIncrementalValue(offer, probability, full, marginPercent).exact;
        if (!best || ev > best.ev || (ev === best.ev && probability > best.p)) best = { variantId: offer.variantId, ev, p: probability };
      }
      if (best) chosen.set(memberId, best.variantId);
    }
  }
  return chosen;
}
