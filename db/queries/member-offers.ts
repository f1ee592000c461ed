import "server-only";
import type { Scope } from "@/lib/auth/permissions";
import type { CampaignChannel } from "@/db/schema/campaigns";
import type { Currency } from "@/db/schema/enums";
import type { Locale } from "@/lib/i18n/config";
import { lookalikeProfileFor, rarelyBoughtCategories, type CategoryAffinity, type RarelyBought } from "@/lib/personalization/affinity";
import { rankNextBestOffers, type MemberOfferFacts, type NextBestOffer } from "@/lib/personalization/next-best-offer";
import type { Db } from "../client";
import { resolveProgramId } from "./loyalty/config";
import { offerCandidates } from "./offer-candidates";
import { memberOfferPropensity } from "./offer-propensity-source";
import { loadMemberPersonalization } from "./personalization-member";
import { latestRecommendationModel, memberRecommendations, type ProductRecommendation } from "./recommendations";

/**
 * The program's gross margin on revenue, percent: the schema's default of campaigns.margin_percent. There is
 * no program-wide margin setting; campaigns measure their ROI with the same figure unless told otherwise.
 */
export const PROGRAM_MARGIN_PERCENT = 30;

/**
 * The next best offer's frequency cap, counted like a campaign's (db/schema/campaigns.ts cap_offers in
 * cap_days, across all campaigns, planned offers included): a member who got this many offers in this many
 * days is offered nothing new until the window passes.
 */
export const OFFER_FREQUENCY_CAP = { offers: 3, days: 7 } as const;

export interface MemberOffers {
  memberId: string;
  locale: Locale | null;
  currency: Currency;
  /** False when the member objected to profiling: no offers chosen for them, no recommendations. */
  personalized: boolean;
  /** The frequency cap is reached: no new offer until it passes. */
  capped: boolean;
  /** Channels the offers may be sent on (marketing consent per channel); showing them at the till or in the app needs none. */
  channels: CampaignChannel[];
  offers: NextBestOffer[];
  recommendations: ProductRecommendation[];
  affinities: readonly CategoryAffinity[];
  rarelyBought: RarelyBought[];
  categoryNames: Record<string, string>;
  /** When the served recommendation model was trained; null before the first training. */
  modelTrainedThrough: Date | null;
}

/**
 * A member's next best offers and product recommendations (GET /api/v1/members/{externalId}/offers, member
 * 360, and the bench): a handful of indexed reads for one member. Null for a member out of scope, unknown or
 * erased.
 */
export async function getMemberOffers(
  db: Db,
  params: { memberId: string; scope: Scope; now: Date; programId?: string; offers?: number; products?: number },
): Promise<MemberOffers | null> {
  const programId = await resolveProgramId(db, params.programId);
  const member = await loadMemberPersonalization(db, { memberId: params.memberId, scope: params.scope, programId, now: params.now, capDays: OFFER_FREQUENCY_CAP.days });
  if (!member) return null;
  const view = { memberId: member.memberId, locale: member.locale, currency: member.currency, channels: member.channels, categoryNames: member.categoryNames };
  if (!member.facts) {
    return { ...view, personalized: false, capped: false, offers: [], recommendations: [], affinities: [], rarelyBought: [], modelTrainedThrough: null };
  }
  const model = await latestRecommendationModel(db);
  const affinities = member.facts.affinities;
  const rarelyBought = rarelyBoughtCategories(affinities, lookalikeProfileFor(affinities, model?.data.lookalikes ?? {}));
  const capped = member.recentOffers >= OFFER_FREQUENCY_CAP.offers;
  const facts: MemberOfferFacts = { ...member.facts, rarelyBought, categoryBasketMinor: model?.data.categoryBasketMinor ?? {} };

  const [offers, recommendations] = await Promise.all([
    capped ? Promise.resolve([]) : rankedOffers(db, { memberId: member.memberId, programId, tierId: member.tierId, now: params.now, facts, limit: params.offers ?? 3 }),
    model ? memberRecommendations(db, { memberId: member.memberId, scope: params.scope, model, limit: params.products ?? 10 }) : Promise.resolve([]),
  ]);
  return { ...view, personalized: true, capped, offers, recommendations, affinities, rarelyBought, modelTrainedThrough: model?.trainedThrough ?? null };
}

async function rankedOffers(
  db: Db,
  params: { memberId: string; programId: string; tierId: string | null; now: Date; facts: MemberOfferFacts; limit: number },
): Promise<NextBestOffer[]> {
  const candidates = await offerCandidates(db, params);
  if (candidates.length === 0) return [];
  const { propensity } = await memberOfferPropensity(db, { memberId: params.memberId, candidates, now: params.now });
  return rankNextBestOffers(candidates, propensity, params.facts, { marginPercent: PROGRAM_MARGIN_PERCENT, limit: params.limit });
}
