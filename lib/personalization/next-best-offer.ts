/**
 * The next best offer (issue 7, item 3): among the offers a member may get, the ones with the best expected
 * incremental value, each with the member's facts that make it a good offer. Pure: candidates (already
 * eligible: consent, caps, budgets, stock and tiers are the caller's), a propensity per candidate and the
 * member's facts in; a ranking out.
 *
 * Expected incremental value of one offer, in the program currency's minor units:
 *
 *   EV = p · V − p · C
 *
 * p: the probability that the member redeems it (the propensity, given).
 * C: what a redemption costs the brand (rewards.cost_minor).
 * V: what a redemption is worth to the brand = margin × basket × incrementality, where
 *   - basket: the spend expected on the redeeming visit within the offer's scope: for a category offer the
 *     member's mean spend on a day they bought the category (two such days or more), else the program's
 *     mean spend in the category on a receipt that has it; for an offer on any purchase, the member's
 *     average basket;
 *   - incrementality: the chance the member would NOT have made that purchase within the offer's validity
 *     anyway. Purchases are taken as a Poisson process at the member's own rate (days with a purchase, in
 *     the category or at all, over the days since their first purchase, at least 30): exp(−rate × validDays).
 *     A weekly coffee buyer with a 30-day coupon for coffee would have bought it anyway (e^(−30/7) ≈ 1%
 *     incremental); the same coupon for tea, never bought, is wholly incremental.
 *   - margin: the program's gross margin on revenue (campaigns.margin_percent, 30% by default).
 * Offers with EV ≤ 0 are not offered: they are expected to cost more than they bring.
 */
import type { RewardKind } from "@/lib/loyalty/reward-types";
import { RARELY_SHARE, type CategoryAffinity, type RarelyBought } from "./affinity";

/** Least observation window for a purchase rate: a member who joined last week has not shown a rhythm yet. */
export const MIN_RATE_WINDOW_DAYS = 30;
/** A member who gave at least this share of their line value as discounts buys on promotion. */
export const DEAL_SEEKER_SHARE = 0.15;
/** Lapsing: no purchase in more than this many usual cycles. */
export const LAPSING_CYCLES = 2;

export interface OfferCandidate {
  rewardId: string;
  name: string;
  kind: RewardKind;
  /** The category the offer is for; null: any purchase. */
  categoryId: string | null;
  costMinor: number;
  /** Days the member has to use the offer once given. */
  validDays: number;
}

export interface MemberOfferFacts {
  /** Today, in the same day numbers as the affinities' lastDay. */
  today: number;
  /** Days since the member's first purchase; null without a purchase. */
  tenureDays: number | null;
  /** Days with a purchase (any category). */
  purchaseDays: number;
  /** Median days between purchase days; null below two. */
  visitCycleDays: number | null;
  daysSinceLastPurchase: number | null;
  avgBasketMinor: number | null;
  /** Discounts over gross line value (paid + discount); null without lines. */
  discountShare: number | null;
  affinities: readonly CategoryAffinity[];
  rarelyBought: readonly RarelyBought[];
  /** The program's mean spend in a category on a receipt that has it (from the batch training). */
  categoryBasketMinor: Readonly<Record<string, number>>;
}

export type OfferReason =
  | { code: "never_tried" | "rarely_buys"; categoryId: string; habitCategoryId: string | null; habitCycleDays: number | null; lookalikeShare: number }
  | { code: "due"; categoryId: string; cycleDays: number; daysSince: number }
  | { code: "affinity"; categoryId: string; share: number }
  | { code: "new_category"; categoryId: string }
  | { code: "lapsing"; cycleDays: number; daysSince: number }
  | { code: "deal_seeker"; discountShare: number }
  | { code: "basket"; basketMinor: number };

export interface OfferValue {
  basketMinor: number;
  incrementality: number;
  valueMinor: number;
}

export interface NextBestOffer {
  candidate: OfferCandidate;
  propensity: number;
  value: OfferValue;
  /** p · V − p · C, rounded to minor units. */
  expectedValueMinor: number;
  reason: OfferReason;
}

function dailyRate(days: number, facts: MemberOfferFacts): number {
  if (days === 0 || facts.tenureDays === null) return 0;
  return days / Math.max(MIN_RATE_WINDOW_DAYS, facts.tenureDays);
}

/** V = margin × basket × incrementality, with the basket and rate described at the top of this file. */
export function redemptionValue(candidate: OfferCandidate, facts: MemberOfferFacts, marginPercent: number): OfferValue {
  let basketMinor: number;
  let rate: number;
  if (candidate.categoryId === null) {
    basketMinor = facts.avgBasketMinor ?? 0;
    rate = dailyRate(facts.purchaseDays, facts);
  } else {
    const own = facts.affinities.find((a) => a.categoryId === candidate.categoryId);
    const program = facts.categoryBasketMinor[candidate.categoryId];
    basketMinor = own && own.purchaseDays >= 2 && own.spendPerVisitMinor !== null ? own.spendPerVisitMinor : (program ?? own?.spendPerVisitMinor ?? 0);
    rate = dailyRate(own?.purchaseDays ?? 0, facts);
  }
  const incrementality = Math.exp(-rate * candidate.validDays);
  return { basketMinor, incrementality, valueMinor: Math.round((marginPercent / 100) * basketMinor * incrementality) };
}

/** p · V − p · C of one candidate for the member, with its V (the next best offer and a personalized campaign rank by it). */
export function expectedIncrementalValue(candidate: OfferCandidate, propensity: number, facts: MemberOfferFacts, marginPercent: number): { value: OfferValue; exact: number } {
  const value = redemptionValue(candidate, facts, marginPercent);
  return { value, exact: propensity * value.valueMinor - propensity * candidate.costMinor };
}

/** The member's strongest habit: their largest category, with its cycle when known. */
function habit(facts: MemberOfferFacts): { categoryId: string | null; cycleDays: number | null } {
  const top = facts.affinities.find((a) => a.share > 0);
  return { categoryId: top?.categoryId ?? null, cycleDays: top?.cycleDays ?? null };
}

/** Why this offer suits this member, from their own facts (the first that holds, most specific first). */
export function offerReason(candidate: OfferCandidate, facts: MemberOfferFacts, value: OfferValue): OfferReason {
  const categoryId = candidate.categoryId;
  if (categoryId !== null) {
    const rare = facts.rarelyBought.find((r) => r.categoryId === categoryId);
    if (rare) {
      const h = habit(facts);
      return { code: rare.memberShare === 0 ? "never_tried" : "rarely_buys", categoryId, habitCategoryId: h.categoryId, habitCycleDays: h.cycleDays, lookalikeShare: rare.lookalikeBuyerShare };
    }
    const own = facts.affinities.find((a) => a.categoryId === categoryId);
    if (own && own.cycleDays !== null && own.lastDay !== null && facts.today - own.lastDay >= own.cycleDays) {
      return { code: "due", categoryId, cycleDays: own.cycleDays, daysSince: facts.today - own.lastDay };
    }
    if (own && own.share >= RARELY_SHARE) return { code: "affinity", categoryId, share: own.share };
    return { code: "new_category", categoryId };
  }
  const { visitCycleDays: cycle, daysSinceLastPurchase: since } = facts;
  if (cycle !== null && since !== null && since > LAPSING_CYCLES * cycle) return { code: "lapsing", cycleDays: cycle, daysSince: since };
  if (facts.discountShare !== null && facts.discountShare >= DEAL_SEEKER_SHARE) return { code: "deal_seeker", discountShare: facts.discountShare };
  return { code: "basket", basketMinor: value.basketMinor };
}

/**
 * The candidates ranked by expected incremental value (ties: the higher propensity, then the reward id),
 * those with EV ≤ 0 left out, at most `limit` (3). A candidate without a propensity is a caller's mistake.
 */
export function rankNextBestOffers(
  candidates: readonly OfferCandidate[],
  propensity: ReadonlyMap<string, number>,
  facts: MemberOfferFacts,
  options: { marginPercent: number; limit?: number },
): NextBestOffer[] {
  const scored = candidates.map((candidate) => {
    const p = propensity.get(candidate.rewardId);
    if (p === undefined || !(p >= 0 && p <= 1)) throw new RangeError(`no propensity in [0, 1] for reward ${candidate.rewardId}`);
    return { candidate, propensity: p, ...expectedIncrementalValue(candidate, p, facts, options.marginPercent) };
  });
  return scored
    .filter((s) => s.exact > 0)
    .sort((a, b) => b.exact - a.exact || b.propensity - a.propensity || a.candidate.rewardId.localeCompare(b.candidate.rewardId))
    .slice(0, options.limit ?? 3)
    .map(({ candidate, propensity: p, value, exact }) => ({
      candidate,
      propensity: p,
      value,
      expectedValueMinor: Math.round(exact),
      reason: offerReason(candidate, facts, value),
    }));
}
