import type { CampaignGoal } from "../schema/campaigns";
import type { RewardKind, RewardValue } from "../../lib/loyalty/reward-types";
import { redemptionProbability, type OfferType } from "./behaviour";
import { DAY_MS, type Calendar } from "./calendar";
import { CATEGORY_CODES, type Catalog, type CategoryCode } from "./catalog";
import { Random } from "./random";
import { taggedCode } from "./stores";

/**
 * A history of past campaigns over the generated period, answered by the ground truth (behaviour.ts,
 * redemptionProbability): what the redemption propensity model trains on (docs/data-generator.md, "Past
 * campaigns"). Program-level rows (offer rewards, completed campaigns, their variants and runs) are planned
 * once from streams of their own; each member's inclusion, variant and redemption come from the member's
 * own stream (STREAM.pastOffers), so the history changes none of the other draws.
 */

/** Days between campaigns: uniform in [MIN, MAX]. */
export const CAMPAIGN_GAP_DAYS = [42, 56] as const;
/** Share of the members who joined by the sending that a campaign reaches: uniform in [MIN, MAX]. */
export const AUDIENCE_SHARE = [0.25, 0.4] as const;
/** Share of a campaign's audience held out as control. */
export const CONTROL_SHARE = 0.1;
/** Days an offer stays redeemable; also each campaign's attribution window. */
export const OFFER_VALID_DAYS = 14;
/** The first campaign leaves this much history before it; the last one's window closes before the end. */
const FIRST_CAMPAIGN_DAY = 30;
/** Offers are sent at 09:00 UTC on the campaign's day. */
const SEND_SECOND_OF_DAY = 9 * 3600;

interface OfferRewardSpec {
  name: string;
  kind: RewardKind;
  category: CategoryCode | null;
  value: (catalog: Catalog, tag: string | undefined) => RewardValue;
  /** What one redemption costs the brand, EUR cents. */
  costMinor: number;
  pointsPrice: number;
}

/** The offers the history's campaigns send: every kind, with and without a category. */
const OFFER_REWARDS: readonly OfferRewardSpec[] = [
  { name: "20% off tea", kind: "percent_off", category: "tea", value: () => ({ kind: "percent_off", percent: 20 }), costMinor: 150, pointsPrice: 400 },
  { name: "15% off beauty", kind: "percent_off", category: "beauty", value: () => ({ kind: "percent_off", percent: 15 }), costMinor: 300, pointsPrice: 600 },
  { name: "Free coffee", kind: "free_product", category: "coffee", value: (catalog) => ({ kind: "free_product", sku: firstSku(catalog, "coffee") }), costMinor: 120, pointsPrice: 300 },
  { name: "2 for 1 bakery", kind: "bogo", category: "bakery", value: (_, tag) => ({ kind: "bogo", category: taggedCode(tag, "bakery") }), costMinor: 180, pointsPrice: 400 },
  { name: "2 for 1 stationery", kind: "bogo", category: "stationery", value: (_, tag) => ({ kind: "bogo", category: taggedCode(tag, "stationery") }), costMinor: 250, pointsPrice: 500 },
  { name: "Double points for two weeks", kind: "points_multiplier", category: null, value: () => ({ kind: "points_multiplier", factor: "2", days: 14 }), costMinor: 200, pointsPrice: 1000 },
  { name: "Book evening invitation", kind: "event_invitation", category: "books", value: () => ({ kind: "event_invitation", eventName: "Book evening" }), costMinor: 800, pointsPrice: 1200 },
  { name: "5 EUR off", kind: "amount_off", category: null, value: () => ({ kind: "amount_off", amountMinor: 500, currency: "EUR" }), costMinor: 500, pointsPrice: 500 },
  { name: "10 EUR off home", kind: "amount_off", category: "home", value: () => ({ kind: "amount_off", amountMinor: 1000, currency: "EUR" }), costMinor: 1000, pointsPrice: 900 },
];

const GOALS: readonly CampaignGoal[] = ["frequency", "cross_sell", "reactivation", "event_attendance"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The reward kind is the ground truth's offer type, but for buy-one-get-one. */
export function offerTypeOf(kind: RewardKind): OfferType {
  return kind === "bogo" ? "buy_one_get_one" : kind;
}

function firstSku(catalog: Catalog, code: CategoryCode): string {
  const category = catalog.categories[CATEGORY_CODES.indexOf(code)];
  const product = catalog.products.find((p) => p.categoryId === category?.id);
  if (!product) throw new Error(`the catalogue has no ${code} product`);
  return product.sku;
}

export interface PlannedReward {
  id: string;
  name: string;
  kind: RewardKind;
  offerType: OfferType;
  categoryId: string | null;
  /** Index of the category in CATEGORY_CODES (a member's taste), or -1 for an offer on any purchase. */
  categoryIndex: number;
  value: RewardValue;
  costMinor: number;
  pointsPrice: number;
}

export interface PlannedVariant {
  id: string;
  position: number;
  reward: PlannedReward;
}

export interface PlannedCampaign {
  id: string;
  runId: string;
  name: string;
  goal: CampaignGoal;
  sendAtMs: number;
  validUntilMs: number;
  audienceShare: number;
  variants: PlannedVariant[];
}

export interface PastCampaignPlan {
  rewards: PlannedReward[];
  campaigns: PlannedCampaign[];
}

/**
 * The program-level history: a campaign every CAMPAIGN_GAP_DAYS from FIRST_CAMPAIGN_DAY on while its
 * offers' validity ends before the period does (so each is completed), each with two or three offers.
 * `random` draws the schedule and offers, `ids` the row ids (tagged runs get their own).
 */
export function planPastCampaigns(calendar: Calendar, catalog: Catalog, tag: string | undefined, random: Random, ids: Random): PastCampaignPlan {
  const prefix = tag ? `${tag} ` : "";
  const rewards = OFFER_REWARDS.map((spec): PlannedReward => {
    const categoryIndex = spec.category === null ? -1 : CATEGORY_CODES.indexOf(spec.category);
    return {
      id: ids.uuid(),
      name: `${prefix}${spec.name}`,
      kind: spec.kind,
      offerType: offerTypeOf(spec.kind),
      categoryId: categoryIndex < 0 ? null : (catalog.categories[categoryIndex]?.id ?? null),
      categoryIndex,
      value: spec.value(catalog, tag),
      costMinor: spec.costMinor,
      pointsPrice: spec.pointsPrice,
    };
  });
  const campaigns: PlannedCampaign[] = [];
  for (let day = FIRST_CAMPAIGN_DAY; day + OFFER_VALID_DAYS < calendar.days; day += random.int(CAMPAIGN_GAP_DAYS[0], CAMPAIGN_GAP_DAYS[1])) {
    const sendAtMs = calendar.startMs + day * DAY_MS + SEND_SECOND_OF_DAY * 1000;
    const date = new Date(sendAtMs);
    const offers = shuffled(rewards, random).slice(0, random.int(2, 3));
    const id = ids.uuid();
    campaigns.push({
      id,
      runId: ids.uuid(),
      name: `${prefix}Offers, ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} (${campaigns.length + 1})`,
      goal: GOALS[campaigns.length % GOALS.length] ?? "frequency",
      sendAtMs,
      validUntilMs: sendAtMs + OFFER_VALID_DAYS * DAY_MS,
      audienceShare: random.between(AUDIENCE_SHARE[0], AUDIENCE_SHARE[1]),
      variants: offers.map((reward, position) => ({ id: ids.uuid(), position, reward })),
    });
  }
  return { rewards, campaigns };
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** One member's place in one past campaign: control, or treated with an offer that was or was not redeemed. */
export interface GeneratedOffer {
  /** Index into PastCampaignPlan.campaigns. */
  campaign: number;
  memberId: string;
  /** Index into the campaign's variants; -1 for control. */
  variant: number;
  code: string | null;
  redeemedAtMs: number | null;
  costMinor: number | null;
  /** The response probability the member had for this offer (redemptionProbability), 0 for control: for tests, not written. */
  probability: number;
}

export interface OfferMember {
  id: string;
  joinedAtMs: number;
  lapsedAtMs: number | null;
  /** Category taste in CATEGORY_CODES order. */
  taste: readonly number[];
  propensities: Record<OfferType, number>;
}

/**
 * The member's past offers. Every campaign the member had joined before draws the same number of values
 * from `random` whatever the outcome, so one campaign's result never shifts another's draws.
 */
export function simulatePastOffers(plan: PastCampaignPlan, member: OfferMember, random: Random, codes: Random, out: GeneratedOffer[]): void {
  plan.campaigns.forEach((campaign, c) => {
    if (member.joinedAtMs >= campaign.sendAtMs) return;
    const reached = random.uniform() < campaign.audienceShare;
    const control = random.uniform() < CONTROL_SHARE;
    const variant = random.int(0, campaign.variants.length - 1);
    const redeems = random.uniform();
    const delay = random.uniform();
    if (!reached) return;
    if (control) {
      out.push({ campaign: c, memberId: member.id, variant: -1, code: null, redeemedAtMs: null, costMinor: null, probability: 0 });
      return;
    }
    const reward = (campaign.variants[variant] as PlannedVariant).reward;
    const taste = reward.categoryIndex < 0 ? null : (member.taste[reward.categoryIndex] ?? 0);
    const probability = redemptionProbability(member.propensities[reward.offerType], taste);
    // Redemptions come early in the validity (half of them in its first quarter): delay squared.
    const redeemedAtMs = campaign.sendAtMs + Math.floor(delay * delay * (campaign.validUntilMs - campaign.sendAtMs));
    const alive = member.lapsedAtMs === null || redeemedAtMs < member.lapsedAtMs;
    const redeemed = alive && redeems < probability;
    out.push({
      campaign: c,
      memberId: member.id,
      variant,
      code: offerCode(codes),
      redeemedAtMs: redeemed ? redeemedAtMs : null,
      costMinor: redeemed ? reward.costMinor : null,
      probability,
    });
  });
}

/** 15 hex digits in three groups, as a launch writes them (lib/campaigns/launch.ts), from the member's id stream. */
function offerCode(codes: Random): string {
  const hex = codes.uuid().replaceAll("-", "").toUpperCase();
  return `${hex.slice(0, 5)}-${hex.slice(5, 10)}-${hex.slice(20, 25)}`;
}
