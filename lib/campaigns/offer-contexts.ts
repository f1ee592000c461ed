/**
 * The observable contexts a targeted offer policy learns over (docs/campaigns-learning.md): a handful of
 * buckets built only from what the product knows about a member (member_features, member_churn_features,
 * member_category_features), never from the demo generator's ground truth. A Beta posterior per
 * (context, offer type) is cheap to learn because the buckets are few and large; each bucket is meant to
 * separate members whose best offer differs.
 */

/** What a policy may read about a member: product data only. Shares are 0..1; null when there is no base. */
export interface ObservableMember {
  /** Sale receipts before the features' as-of time. */
  purchases: number;
  /** discount / (discount + sales) over sale receipts: how much of what they buy is on promotion. */
  discountShare: number | null;
  /** Share of purchases made in the app, online. */
  shareApp: number | null;
  shareOnline: number | null;
  /** Share of sale-line spend in coffee, tea and bakery; in books and gifts. */
  cafeShare: number | null;
  giftShare: number | null;
}

/**
 * The contexts, in the order the rule below tries them. Thresholds were read off a generated program
 * (3,000 members, 12 months): deal seekers' discount share has a median of 0.09, every other group's 90th
 * percentile is at most 0.06; the app-first and online groups make 80 % of their purchases in their channel.
 * Discount comes first because it is the strongest single signal (percent_off redemption rises with the
 * square of price sensitivity), and the heavy band is split off so that a small campaign can reach it alone.
 */
export const OFFER_CONTEXTS = [
  "no_purchases",
  "heavy_discount",
  "discount",
  "app_first",
  "online_first",
  "cafe_regular",
  "books_and_gifts",
  "other_in_store",
] as const;
export type OfferContext = (typeof OFFER_CONTEXTS)[number];

const HEAVY_DISCOUNT = 0.1;
const DISCOUNT = 0.05;
const CHANNEL_MAJORITY = 0.5;
const CAFE_MAJORITY = 0.5;
const GIFT_SHARE = 0.3;

/** A member's context: the first rule that holds. */
export function offerContextOf(member: ObservableMember): OfferContext {
  if (member.purchases <= 0) return "no_purchases";
  const discount = member.discountShare ?? 0;
  if (discount >= HEAVY_DISCOUNT) return "heavy_discount";
  if (discount >= DISCOUNT) return "discount";
  if ((member.shareApp ?? 0) >= CHANNEL_MAJORITY) return "app_first";
  if ((member.shareOnline ?? 0) >= CHANNEL_MAJORITY) return "online_first";
  if ((member.cafeShare ?? 0) >= CAFE_MAJORITY) return "cafe_regular";
  if ((member.giftShare ?? 0) >= GIFT_SHARE) return "books_and_gifts";
  return "other_in_store";
}

/** Each member's context as an index into OFFER_CONTEXTS, the form the simulation's posteriors are keyed by. */
export function offerContextIndexes(members: readonly ObservableMember[]): Int32Array {
  return Int32Array.from(members, (m) => OFFER_CONTEXTS.indexOf(offerContextOf(m)));
}
