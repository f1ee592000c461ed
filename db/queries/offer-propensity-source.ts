import "server-only";
import { scoreOffers } from "@/lib/models/propensity";
import type { OfferCandidate } from "@/lib/personalization/next-best-offer";
import type { Db } from "../client";
import { loadLatestPropensityModel } from "./offer-propensity";
import { loadPropensityInputs } from "./offer-propensity-inputs";
import { interimOfferPropensity } from "./offer-propensity-interim";

/**
 * The next best offer's propensity for one member: the trained redemption propensity model
 * (lib/models/propensity.ts) when one is stored, else, on a program with too little offer history to
 * train it (db/queries/offer-propensity.ts, MIN_TRAINING_OFFERS), the member's smoothed redemption rate
 * by kind (offer-propensity-interim.ts).
 */
export async function memberOfferPropensity(
  db: Db,
  params: { memberId: string; candidates: readonly OfferCandidate[]; now: Date },
): Promise<{ source: "model" | "interim"; propensity: Map<string, number> }> {
  const stored = await loadLatestPropensityModel(db);
  if (stored) {
    const inputs = (await loadPropensityInputs(db, { memberIds: [params.memberId], asOf: params.now })).get(params.memberId);
    if (inputs) {
      const rewards = params.candidates.map((c) => ({ id: c.rewardId, kind: c.kind, categoryId: c.categoryId }));
      return { source: "model", propensity: scoreOffers(stored.model, inputs, rewards) };
    }
  }
  return { source: "interim", propensity: await interimOfferPropensity(db, params) };
}
