import { trainLogistic, type LogisticModel, type LogisticParams } from "./logistic";
import { featureMatrix, type FeatureMatrix } from "./matrix";

/**
 * Redemption propensity: the probability that a member redeems an offer of a given kind and category
 * (docs/personalization.md). An L2 logistic regression (logistic.ts) on member features as of the sending,
 * each of them both on its own and crossed with the offer's kind: the same member answers a percent-off
 * and an invitation differently (price sensitivity drives money-off offers, a taste for a category the offers
 * on it), and a linear model sees that only through such interactions. Pure: the inputs come from
 * db/queries/offer-propensity-inputs.ts.
 */

export const OFFER_KINDS = ["amount_off", "percent_off", "free_product", "bogo", "points_multiplier", "event_invitation"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export interface OfferHistory {
  /** Offers sent to the member (treated, not control) before the moment of scoring. */
  received: number;
  /** Of those, redeemed before that moment. */
  redeemed: number;
}

/** What the model knows of a member at one moment (everything strictly before it). */
export interface PropensityInputs {
  tenureDays: number;
  /** Days since the last sale; null when the member never bought. */
  daysSinceLastPurchase: number | null;
  purchases: number;
  purchases90d: number;
  /** Days since the last engagement event (app, web, e-mail, social); null when there was none. */
  daysSinceLastEvent: number | null;
  events90d: number;
  onlinePurchases: number;
  appPurchases: number;
  /** Price sensitivity: share of sale-line value (before discounts) bought on discount; null without sale lines. */
  discountedShare: number | null;
  /** Category id -> share of the member's sale-line value. */
  categoryShares: Readonly<Record<string, number>>;
  offers: OfferHistory;
  offersByKind: Readonly<Partial<Record<OfferKind, OfferHistory>>>;
}

export interface OfferToScore {
  kind: OfferKind;
  /** The category the offer is for; null = any purchase. */
  categoryId: string | null;
}

/**
 * Past redemption rates are smoothed towards PRIOR_RATE with the weight of PRIOR_OFFERS offers, so a member
 * with one offer redeemed is not taken for a certain redeemer: (redeemed + 2 x 0.1) / (received + 2).
 */
export const PRIOR_RATE = 0.1;
export const PRIOR_OFFERS = 2;

/** Member features, each used alone and crossed with every offer kind. */
export const MEMBER_FEATURES = [
  "discounted_share",
  "category_share",
  "has_category",
  "redemption_rate",
  "kind_redemption_rate",
  "offers_received",
  "days_since_purchase",
  "purchases_90d",
  "purchases_per_year",
  "overdue",
  "days_since_event",
  "events_90d",
  "online_share",
  "app_share",
] as const;
const M = MEMBER_FEATURES.length;

/** kind one-hots, member features, then kind x member feature, kind-major. */
export const PROPENSITY_FEATURES: readonly string[] = [
  ...OFFER_KINDS.map((kind) => `kind_${kind}`),
  ...MEMBER_FEATURES,
  ...OFFER_KINDS.flatMap((kind) => MEMBER_FEATURES.map((f) => `${kind}:${f}`)),
];

const smoothed = (h: OfferHistory | undefined) => ((h?.redeemed ?? 0) + PRIOR_OFFERS * PRIOR_RATE) / ((h?.received ?? 0) + PRIOR_OFFERS);

/** The member features (MEMBER_FEATURES order) of one member and offer; written into `out` from `at`. */
export function memberFeatures(inputs: PropensityInputs, offer: OfferToScore, out: Float64Array = new Float64Array(M), at = 0): Float64Array {
  const share = offer.categoryId === null ? 0 : (inputs.categoryShares[offer.categoryId] ?? 0);
  const sales = Math.max(inputs.purchases, 1);
  // A member who never bought has gone as long without buying as they have been a member.
  const since = inputs.daysSinceLastPurchase ?? inputs.tenureDays;
  out[at] = inputs.discountedShare ?? 0;
  out[at + 1] = share;
  out[at + 2] = offer.categoryId === null ? 0 : 1;
  out[at + 3] = smoothed(inputs.offers);
  out[at + 4] = smoothed(inputs.offersByKind[offer.kind]);
  out[at + 5] = Math.log1p(inputs.offers.received);
  out[at + 6] = Math.log1p(Math.max(0, since));
  out[at + 7] = Math.log1p(inputs.purchases90d);
  out[at + 8] = Math.log1p((inputs.purchases * 365) / Math.max(inputs.tenureDays, 30));
  // Purchases the member would have made since the last one at their own pace: high for a frequent buyer
  // gone quiet, who has likely lapsed and will redeem nothing.
  out[at + 9] = Math.log1p((Math.max(0, since) * inputs.purchases) / Math.max(inputs.tenureDays, 30));
  // Engagement nearly stops once a member lapses (db/seed/engagement.ts), and fades in the weeks before.
  out[at + 10] = Math.log1p(Math.max(0, inputs.daysSinceLastEvent ?? inputs.tenureDays));
  out[at + 11] = Math.log1p(inputs.events90d);
  out[at + 12] = inputs.onlinePurchases / sales;
  out[at + 13] = inputs.appPurchases / sales;
  return out;
}

/** The full feature vector (PROPENSITY_FEATURES order) of one member and offer. */
export function propensityFeatures(inputs: PropensityInputs, offer: OfferToScore): Float64Array {
  const k = OFFER_KINDS.length;
  const x = new Float64Array(PROPENSITY_FEATURES.length);
  const kind = OFFER_KINDS.indexOf(offer.kind);
  if (kind < 0) throw new RangeError(`unknown offer kind ${offer.kind}`);
  x[kind] = 1;
  memberFeatures(inputs, offer, x, k);
  x.copyWithin(k + M + kind * M, k, k + M);
  return x;
}

export interface PropensityExample {
  inputs: PropensityInputs;
  offer: OfferToScore;
  redeemed: boolean;
}

/** Examples to a feature matrix and labels. */
export function propensityDataset(examples: readonly PropensityExample[]): { features: FeatureMatrix; labels: Uint8Array } {
  const columns = PROPENSITY_FEATURES.map(() => new Float64Array(examples.length));
  const labels = new Uint8Array(examples.length);
  examples.forEach((example, i) => {
    const x = propensityFeatures(example.inputs, example.offer);
    for (let f = 0; f < x.length; f++) (columns[f] as Float64Array)[i] = x[f] as number;
    labels[i] = example.redeemed ? 1 : 0;
  });
  return { features: featureMatrix(PROPENSITY_FEATURES, columns), labels };
}

export const PROPENSITY_FORMAT = "loyalist-propensity/1";

/** The stored model: the logistic regression folded into one weight and offset per feature. */
export interface PropensityModel {
  format: typeof PROPENSITY_FORMAT;
  featureNames: string[];
  /** margin = bias + sum weights[f] * x[f]; the logistic's coefficient / scale, its mean folded into bias. */
  bias: number;
  weights: number[];
  /** The training means: a feature's contribution is weights[f] * (x[f] - means[f]). */
  means: number[];
}

/** Penalty chosen on the generator's data (docs/personalization.md): strong, as the crossed features are many. */
export const PROPENSITY_L2 = 0.01;

export function trainPropensity(examples: readonly PropensityExample[], options: Partial<LogisticParams> = {}): PropensityModel {
  const { features, labels } = propensityDataset(examples);
  return fromLogistic(trainLogistic(features, labels, { l2: PROPENSITY_L2, ...options }));
}

export function fromLogistic(logistic: LogisticModel): PropensityModel {
  const weights = logistic.coefficients.map((c, f) => c / (logistic.scales[f] as number));
  const bias = weights.reduce((sum, w, f) => sum - w * (logistic.means[f] as number), logistic.intercept);
  return { format: PROPENSITY_FORMAT, featureNames: [...logistic.featureNames], bias, weights, means: [...logistic.means] };
}

/** A stored model back from JSON, checked against this code's features. */
export function parsePropensityModel(value: unknown): PropensityModel {
  const model = value as Partial<PropensityModel> | null;
  if (!model || model.format !== PROPENSITY_FORMAT) throw new Error(`not a ${PROPENSITY_FORMAT} model`);
  const names = model.featureNames ?? [];
  if (names.length !== PROPENSITY_FEATURES.length || names.some((name, f) => name !== PROPENSITY_FEATURES[f])) {
    throw new Error("the stored propensity model has other features than this code: train it again");
  }
  if (typeof model.bias !== "number" || model.weights?.length !== names.length || model.means?.length !== names.length) {
    throw new Error("the stored propensity model is incomplete");
  }
  return model as PropensityModel;
}

const sigmoid = (margin: number) => 1 / (1 + Math.exp(-margin));

/**
 * The probability of redeeming each offer. The member features are computed once per offer category and
 * only the offer's own block of crossed weights is read: a dozen multiply-adds per feature and offer.
 */
export function scorePropensities(model: PropensityModel, inputs: PropensityInputs, offers: readonly OfferToScore[]): Float64Array {
  const k = OFFER_KINDS.length;
  const w = model.weights;
  const x = new Float64Array(M);
  const out = new Float64Array(offers.length);
  offers.forEach((offer, i) => {
    const kind = OFFER_KINDS.indexOf(offer.kind);
    if (kind < 0) throw new RangeError(`unknown offer kind ${offer.kind}`);
    memberFeatures(inputs, offer, x);
    let margin = model.bias + (w[kind] as number);
    const crossed = k + M + kind * M;
    for (let f = 0; f < M; f++) margin += ((w[k + f] as number) + (w[crossed + f] as number)) * (x[f] as number);
    out[i] = sigmoid(margin);
  });
  return out;
}

export interface FeatureContribution {
  /** A member feature (MEMBER_FEATURES) or "kind". */
  feature: string;
  /** Change in log-odds against a member at the training means, its own and its crossing with the offer's kind. */
  logOdds: number;
}

/** Why a score is what it is: each member feature's share of the margin, largest first in absolute value. */
export function explainPropensity(model: PropensityModel, inputs: PropensityInputs, offer: OfferToScore): FeatureContribution[] {
  const x = propensityFeatures(inputs, offer);
  const k = OFFER_KINDS.length;
  const kind = OFFER_KINDS.indexOf(offer.kind);
  const part = (f: number) => (model.weights[f] as number) * ((x[f] as number) - (model.means[f] as number));
  let kindPart = 0;
  for (let f = 0; f < k; f++) kindPart += part(f);
  const crossed = k + M + kind * M;
  const contributions = MEMBER_FEATURES.map((feature, f) => {
    let logOdds = part(k + f) + part(crossed + f);
    // The other kinds' crossed features are 0 here; against their means they shift every score alike.
    for (let other = 0; other < k; other++) if (other !== kind) logOdds += part(k + M + other * M + f);
    return { feature, logOdds };
  });
  return [{ feature: "kind", logOdds: kindPart }, ...contributions].sort((a, b) => Math.abs(b.logOdds) - Math.abs(a.logOdds));
}

export interface RewardOffer {
  id: string;
  kind: OfferKind;
  categoryId: string | null;
}

/** The serving side's call: each reward's probability of being redeemed by the member, by reward id. */
export function scoreOffers(model: PropensityModel, inputs: PropensityInputs, rewards: readonly RewardOffer[]): Map<string, number> {
  const scores = scorePropensities(model, inputs, rewards);
  return new Map(rewards.map((reward, i) => [reward.id, scores[i] as number]));
}
