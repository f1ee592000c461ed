import { offerType, type behaviourGroup } from "../schema/ground-truth";
import { CATEGORY_CODES, type CategoryCode } from "./catalog";

export type BehaviourGroup = (typeof behaviourGroup.enumValues)[number];
export type OfferType = (typeof offerType.enumValues)[number];
export type PurchaseChannel = "pos" | "online" | "app";
export const PURCHASE_CHANNELS: readonly PurchaseChannel[] = ["pos", "online", "app"];
export const OFFER_TYPES: readonly OfferType[] = offerType.enumValues;

/**
 * Knobs of the purchase process (BG/NBD-like: Poisson purchases at a gamma-distributed rate while alive,
 * a beta-distributed chance of lapsing for good after each repeat purchase).
 *
 * RATE_SCALE multiplies every group's mean rate. At 2.0 a 24-month run yields about 10 sales per member
 * (lapsed members and late joiners included; 20,000 members made 188,899 receipts), so 1M members give
 * about 10M transactions. The count is sublinear in it, since heavier buyers reach their lapse sooner: 1.0
 * gave 6.7 per member and 1.5 gave 8.1. Check `transactions / members` in the CLI's output after a change.
 * RATE_SHAPE is the gamma shape of purchase rates across members: below 1 the spread is wide
 * (coefficient of variation 1/sqrt(shape)), a few heavy buyers and many occasional ones.
 * JOIN_GROWTH: the join rate at the end of the period is (1 + JOIN_GROWTH) times that at its start.
 */
export const RATE_SCALE = 2.0;
export const RATE_SHAPE = 0.75;
export const MAX_RATE_PER_YEAR = 200;
export const JOIN_GROWTH = 1.5;
/** Dirichlet concentration of category taste: small, so each member favours two or three categories. */
export const TASTE_CONCENTRATION = 3;
/**
 * Share of a member's purchases in a category that go to their favourite style there (one of the
 * category's seven qualifiers: a decaf drinker, an Earl Grey drinker, a buyer of wooden toys); the rest
 * follow the category's best-seller ranking like everyone's. Shoppers' loyalty to a variant or brand inside a
 * category is what co-occurrence recommenders learn beyond popularity; without it (before issue 7) every
 * member picked products from the same ranking and only category taste was left to learn. 0.8 is a loyal
 * but not exclusive shopper (the favourite's share of category requirements in repeat-purchase markets is
 * commonly well above half). Item-item's hit rate@10 over popularity's on 3,000 members (seed 5, last 90
 * days held out, 20 neighbours): 1.53x at 0, 1.60x at 0.5, 1.93x at 0.7, 2.33x at 0.8; a model that knew
 * each member's true taste would reach 2.1x at 0.5 and 2.9x at 0.8 (docs/personalization.md).
 */
export const STYLE_LOYALTY = 0.8;
/** Dirichlet concentration of the channel mix around the group's mean mix. */
export const CHANNEL_CONCENTRATION = 30;
/** A member without at least this share of a digital channel never uses it (and has no account there). */
export const CHANNEL_ACCOUNT_THRESHOLD = 0.12;

export interface GroupProfile {
  group: BehaviourGroup;
  /** Share of members planted in this group. */
  share: number;
  meanRatePerYear: number;
  /** Beta(a, b) of the lapse probability after each repeat purchase. */
  lapse: readonly [number, number];
  /** Mean share of purchases per channel: pos, online, app. */
  channelMix: readonly [number, number, number];
  /** Relative demand Monday..Sunday and January..December; normalised to a mean of 1 below. */
  weekdays: readonly number[];
  months: readonly number[];
  meanLines: number;
  /** Probability that a line has quantity above 1. */
  multiQuantity: number;
  /** Beta(a, b) of price sensitivity in [0, 1]; it drives the share of discounted lines. */
  priceSensitivity: readonly [number, number];
  age: { mean: number; sd: number };
  /** Multipliers of the app and social engagement rates. */
  appEngagement: number;
  socialEngagement: number;
  taste: Partial<Record<CategoryCode, number>>;
}

const FRI_SAT_PEAK = [0.85, 0.85, 0.9, 0.95, 1.2, 1.45, 0.8];
const RETAIL_YEAR = [0.85, 0.8, 0.9, 0.95, 1, 0.95, 0.8, 0.8, 0.95, 1, 1.15, 1.85];

export const GROUP_PROFILES: readonly GroupProfile[] = [
  {
    group: "weekend_online_big_basket",
    share: 0.2,
    meanRatePerYear: 9,
    lapse: [1, 12],
    channelMix: [0.12, 0.8, 0.08],
    weekdays: [0.5, 0.5, 0.5, 0.55, 0.9, 2.2, 1.85],
    months: RETAIL_YEAR,
    meanLines: 4.4,
    multiQuantity: 0.3,
    priceSensitivity: [2, 8],
    age: { mean: 38, sd: 7 },
    appEngagement: 0.6,
    socialEngagement: 0.8,
    taste: { home: 3, books: 2, stationery: 2, toys: 2, bakery: 1, electronics_accessories: 1.5 },
  },
  {
    group: "weekday_instore_regular",
    share: 0.25,
    meanRatePerYear: 22,
    lapse: [1, 16],
    channelMix: [0.92, 0.04, 0.04],
    weekdays: [1.3, 1.3, 1.3, 1.3, 1.2, 0.4, 0.2],
    months: RETAIL_YEAR,
    meanLines: 1.3,
    multiQuantity: 0.1,
    priceSensitivity: [2, 9],
    age: { mean: 57, sd: 9 },
    appEngagement: 0.3,
    socialEngagement: 0.2,
    taste: { coffee: 5, bakery: 3, tea: 1.5, books: 0.6 },
  },
  {
    group: "deal_seeker",
    share: 0.2,
    meanRatePerYear: 12,
    lapse: [1.2, 10],
    channelMix: [0.45, 0.35, 0.2],
    weekdays: FRI_SAT_PEAK,
    months: RETAIL_YEAR,
    meanLines: 2.6,
    multiQuantity: 0.22,
    priceSensitivity: [9, 2],
    age: { mean: 44, sd: 10 },
    appEngagement: 1,
    socialEngagement: 1,
    taste: { beauty: 2, home: 1.5, electronics_accessories: 1.5, sports: 1.5, toys: 1, coffee: 1 },
  },
  {
    group: "app_first_young",
    share: 0.2,
    meanRatePerYear: 13,
    lapse: [1.2, 9],
    channelMix: [0.12, 0.06, 0.82],
    weekdays: [0.9, 0.9, 0.9, 1, 1.3, 1.2, 0.8],
    months: RETAIL_YEAR,
    meanLines: 1.5,
    multiQuantity: 0.1,
    priceSensitivity: [3, 6],
    age: { mean: 24, sd: 3.5 },
    appEngagement: 2.5,
    socialEngagement: 2.5,
    taste: { coffee: 3, electronics_accessories: 2.5, beauty: 2, sports: 1.5, bakery: 1 },
  },
  {
    group: "occasional_gift_buyer",
    share: 0.15,
    meanRatePerYear: 3.5,
    lapse: [1, 3],
    channelMix: [0.55, 0.42, 0.03],
    weekdays: FRI_SAT_PEAK,
    months: [0.5, 0.5, 0.6, 0.7, 1, 0.6, 0.5, 0.5, 0.6, 0.8, 1.6, 4.2],
    meanLines: 2.4,
    multiQuantity: 0.12,
    priceSensitivity: [2, 7],
    age: { mean: 49, sd: 11 },
    appEngagement: 0.3,
    socialEngagement: 0.6,
    taste: { gifts: 4, books: 2, beauty: 1.5, seasonal: 1.5, home: 1.5 },
  },
];

/** Demand shape of a group, normalised so that the member's rate stays its true yearly rate. */
export interface Seasonality {
  weekday: Float64Array;
  month: Float64Array;
  /** The largest weekday x month factor: the thinning envelope. */
  peak: number;
}

const DAYS_IN_MONTH = [31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function seasonalityOf(profile: GroupProfile): Seasonality {
  const weekdayMean = profile.weekdays.reduce((s, w) => s + w, 0) / 7;
  const monthMean = profile.months.reduce((s, w, i) => s + w * (DAYS_IN_MONTH[i] ?? 30), 0) / 365.25;
  const weekday = Float64Array.from(profile.weekdays, (w) => w / weekdayMean);
  const month = Float64Array.from(profile.months, (w) => w / monthMean);
  return { weekday, month, peak: Math.max(...weekday) * Math.max(...month) };
}

/** Dirichlet parameters of a group's category taste: every category possible, the group's favourites likely. */
export function tasteAlpha(profile: GroupProfile): number[] {
  const raw = CATEGORY_CODES.map((code) => 0.25 + (profile.taste[code] ?? 0));
  const total = raw.reduce((s, w) => s + w, 0);
  return raw.map((w) => (w / total) * TASTE_CONCENTRATION);
}

export interface OfferTraits {
  group: BehaviourGroup;
  priceSensitivity: number;
  ratePerYear: number;
  meanLines: number;
  /** Member's category taste, in CATEGORY_CODES order. */
  taste: readonly number[];
}

function tasteFor(traits: OfferTraits, codes: readonly CategoryCode[]): number {
  return codes.reduce((sum, code) => sum + (traits.taste[CATEGORY_CODES.indexOf(code)] ?? 0), 0);
}

/**
 * The probability that an offer of each type is redeemed when it reaches the member. Price-sensitive
 * members answer money-off offers; big baskets answer buy-one-get-one; a taste for consumables makes a
 * free product attractive; frequent and app-first members like points; regulars and gift buyers come to events.
 */
export function offerPropensities(traits: OfferTraits): Record<OfferType, number> {
  const s = traits.priceSensitivity;
  const g = traits.group;
  const frequent = Math.min(1, traits.ratePerYear / 30);
  const raw: Record<OfferType, number> = {
    percent_off: 0.03 + 0.5 * s * s + (g === "deal_seeker" ? 0.15 : 0),
    amount_off: 0.03 + 0.3 * s + (g === "weekend_online_big_basket" ? 0.1 : 0),
    buy_one_get_one: 0.02 + 0.2 * s + 0.03 * traits.meanLines,
    free_product: 0.04 + 0.35 * tasteFor(traits, ["coffee", "bakery", "tea"]),
    points_multiplier: 0.03 + 0.15 * frequent + (g === "app_first_young" ? 0.2 : 0),
    event_invitation:
      0.02 + 0.2 * tasteFor(traits, ["books", "gifts"]) + (g === "occasional_gift_buyer" || g === "weekday_instore_regular" ? 0.12 : 0),
  };
  for (const offer of OFFER_TYPES) raw[offer] = Math.round(Math.min(0.95, Math.max(0.005, raw[offer])) * 10_000) / 10_000;
  return raw;
}

/**
 * Taste factor of an offer for one category ("20% off tea"): TASTE_FACTOR_FLOOR + TASTE_FACTOR_SLOPE x the
 * member's taste for it, at most TASTE_FACTOR_MAX. A member with an average taste (1/12) gets 0.75; one who
 * spends a third of their money there gets the cap; one who never buys there still redeems now and then
 * (0.25: a gift, a first try).
 */
export const TASTE_FACTOR_FLOOR = 0.25;
export const TASTE_FACTOR_SLOPE = 6;
export const TASTE_FACTOR_MAX = 2;
/** Redemption probabilities stay below this, as offerPropensities' do. */
export const MAX_REDEMPTION_PROBABILITY = 0.95;

export function categoryTasteFactor(taste: number | null): number {
  if (taste === null) return 1;
  return Math.min(TASTE_FACTOR_MAX, TASTE_FACTOR_FLOOR + TASTE_FACTOR_SLOPE * taste);
}

/**
 * The response function of the generated campaign history (db/seed/past-campaigns.ts): the probability that
 * a member redeems an offer sent to them = the ground-truth propensity of its offer type (offerPropensities,
 * ground_truth.offer_response) x categoryTasteFactor of the reward's category (1 for an offer on any
 * purchase), capped at MAX_REDEMPTION_PROBABILITY. A member who has lapsed (ground truth lapsed_at) by the
 * sending redeems nothing, and one who lapses while the offer is valid redeems only before lapsing.
 */
export function redemptionProbability(propensity: number, categoryTaste: number | null): number {
  return Math.min(MAX_REDEMPTION_PROBABILITY, propensity * categoryTasteFactor(categoryTaste));
}
