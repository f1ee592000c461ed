import {
  CHANNEL_ACCOUNT_THRESHOLD,
  CHANNEL_CONCENTRATION,
  JOIN_GROWTH,
  MAX_RATE_PER_YEAR,
  OFFER_TYPES,
  PURCHASE_CHANNELS,
  RATE_SCALE,
  RATE_SHAPE,
  offerPropensities,
  type BehaviourGroup,
  type OfferType,
  type PurchaseChannel,
} from "./behaviour";
import { CATEGORY_CODES, STYLES_PER_CATEGORY } from "./catalog";
import { simulateEngagement, type GeneratedEvent } from "./engagement";
import { makePerson, type MemberLocale } from "./people";
import { secondOfDay, STREAM, type PlannedGroup, type PlannedStore, type ProgramPlan } from "./plan";
import { simulatePastOffers, type GeneratedOffer } from "./past-campaigns";
import { openDay, simulatePurchases, type GeneratedTransaction } from "./purchases";
import { Random } from "./random";

export interface GeneratedMember {
  id: string;
  externalId: string;
  email: string | null;
  phone: string | null;
  firstName: string;
  lastName: string;
  birthDate: string;
  postcode: string | null;
  city: string;
  countryCode: string;
  locale: MemberLocale;
  homeStoreId: string;
  joinedAtMs: number;
}

export interface GeneratedIdentity {
  id: string;
  memberId: string;
  kind: "loyalty_card" | "online_account" | "app_account" | "email";
  value: string;
}

export interface GroundTruthMember {
  memberId: string;
  purchaseRatePerYear: number;
  lapseProbability: number;
  lapsedAtMs: number | null;
  behaviourGroup: BehaviourGroup;
  priceSensitivity: number;
}

export interface OfferPropensity {
  memberId: string;
  offerType: OfferType;
  propensity: number;
}

/** What the generator knows about a member before simulating them; purchases and engagement read it. */
export interface MemberTraits {
  id: string;
  externalId: string;
  group: PlannedGroup;
  homeStore: PlannedStore;
  ratePerYear: number;
  lapseProbability: number;
  /** Share of purchases per channel: pos, online, app. */
  channelMix: number[];
  priceSensitivity: number;
  /** Category taste in CATEGORY_CODES order. */
  taste: number[];
  /** Favourite style (qualifier index) per category, in CATEGORY_CODES order (STYLE_LOYALTY). */
  styles: Uint8Array;
  joinedAtMs: number;
  firstSaleAtMs: number;
  joinDay: number;
  firstChannel: PurchaseChannel;
  joinStore: PlannedStore;
  hasOnline: boolean;
  hasApp: boolean;
  hasEmail: boolean;
}

export interface MemberChunk {
  members: GeneratedMember[];
  identities: GeneratedIdentity[];
  truths: GroundTruthMember[];
  offers: OfferPropensity[];
  /** Sales and returns; a return's originalIndex points into this array. */
  transactions: GeneratedTransaction[];
  events: GeneratedEvent[];
  /** The members' places in the past campaigns (plan.pastCampaigns). */
  pastOffers: GeneratedOffer[];
}

/** Joining accelerates over the period: density 1 + g*u on u in [0, 1), sampled by inverting its CDF. */
function joinFraction(random: Random): number {
  const g = JOIN_GROWTH;
  return (-1 + Math.sqrt(1 + g * (2 + g) * random.uniform())) / g;
}

function rounded(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * Drawn from a stream of their own, so that adding product-level taste left every other draw of the member
 * (and so every figure measured on the generator before it) as it was.
 */
function favouriteStyles(plan: ProgramPlan, index: number): Uint8Array {
  const random = new Random([plan.seed, STREAM.productStyle, index]);
  return Uint8Array.from(CATEGORY_CODES, () => random.int(0, STYLES_PER_CATEGORY - 1));
}

function memberTraits(plan: ProgramPlan, index: number, random: Random, ids: Random): MemberTraits {
  const group = plan.groups[random.weightedIndex(plan.groups.map((g) => g.profile.share))] as PlannedGroup;
  const { profile } = group;
  const homeStore = plan.homeStores.sample(random);
  const ratePerYear = Math.min(MAX_RATE_PER_YEAR, random.gamma(RATE_SHAPE, (profile.meanRatePerYear * RATE_SCALE) / RATE_SHAPE));
  const mix = random.dirichlet(profile.channelMix.map((share) => share * CHANNEL_CONCENTRATION));
  // Digital channels a member barely uses are dropped: no account there, and no purchases through them.
  const hasOnline = (mix[1] ?? 0) >= CHANNEL_ACCOUNT_THRESHOLD;
  const hasApp = (mix[2] ?? 0) >= CHANNEL_ACCOUNT_THRESHOLD;
  const kept = [mix[0] ?? 0, hasOnline ? (mix[1] ?? 0) : 0, hasApp ? (mix[2] ?? 0) : 0];
  const keptTotal = kept.reduce((s, x) => s + x, 0);
  const channelMix = kept.map((x) => x / keptTotal);
  const firstChannel = PURCHASE_CHANNELS[random.weightedIndex(channelMix)] ?? "pos";
  const pos = firstChannel === "pos";
  const rawDay = Math.floor(joinFraction(random) * plan.calendar.days);
  const joinDay = pos ? openDay(plan, homeStore, rawDay) : rawDay;
  // Joining at a till comes with a purchase 1-8 minutes later, inside opening hours; online joiners sign up
  // from home (hence the home store's time zone) and buy within the next 3-90 minutes.
  const arrivalMs = plan.calendar.localToUtcMs(homeStore.offsets, joinDay, secondOfDay(random, pos ? plan.posHours : plan.onlineHours));
  const joinedAtMs = pos ? arrivalMs - random.int(60, 480) * 1000 : arrivalMs;
  const firstSaleAtMs = pos ? arrivalMs : arrivalMs + random.int(180, 5400) * 1000;
  const prefix = plan.tag ? `${plan.tag}-` : "";
  return {
    id: ids.sequentialUuid(plan.memberIdPrefix, index),
    externalId: `${prefix}M${String(index + 1).padStart(7, "0")}`,
    group,
    homeStore,
    ratePerYear: rounded(ratePerYear, 4),
    lapseProbability: rounded(random.beta(profile.lapse[0], profile.lapse[1]), 4),
    channelMix,
    priceSensitivity: rounded(random.beta(profile.priceSensitivity[0], profile.priceSensitivity[1]), 4),
    taste: random.dirichlet(group.tasteAlpha),
    styles: favouriteStyles(plan, index),
    joinedAtMs,
    firstSaleAtMs,
    joinDay,
    firstChannel,
    joinStore: pos ? homeStore : plan.online,
    hasOnline,
    hasApp,
    hasEmail: hasOnline || hasApp || random.chance(0.7),
  };
}

/** Appends one member (profile, identities, ground truth, receipts, engagement) to a chunk. */
export function generateMember(plan: ProgramPlan, index: number, chunk: MemberChunk): void {
  const random = new Random([plan.seed, STREAM.member, index]);
  const ids = new Random([plan.seed, plan.idKey, STREAM.memberIds, index]);
  const traits = memberTraits(plan, index, random, ids);
  const store = traits.homeStore;
  const person = makePerson(random, {
    country: store.countryCode,
    city: store.city ?? "Berlin",
    memberNumber: index + 1,
    age: traits.group.profile.age,
    referenceMs: plan.calendar.endMs,
    emailPrefix: plan.tag ? `${plan.tag}.` : "",
  });
  const email = traits.hasEmail ? person.email : null;
  chunk.members.push({
    id: traits.id,
    externalId: traits.externalId,
    email,
    phone: person.phone,
    firstName: person.firstName,
    lastName: person.lastName,
    birthDate: person.birthDate,
    postcode: person.postcode,
    city: person.city,
    countryCode: store.countryCode,
    locale: person.locale,
    homeStoreId: store.id,
    joinedAtMs: traits.joinedAtMs,
  });

  const prefix = plan.tag ? `${plan.tag}-` : "";
  // At most four identities per member, so index * 4 + n keeps identity ids in member order too.
  let identities = 0;
  const identity = (kind: GeneratedIdentity["kind"], value: string) =>
    chunk.identities.push({ id: ids.sequentialUuid(plan.identityIdPrefix, index * 4 + identities++), memberId: traits.id, kind, value });
  identity("loyalty_card", `${prefix}2700${String(index + 1).padStart(9, "0")}`);
  if (traits.hasOnline) identity("online_account", `${prefix}web-${String(index + 1).padStart(7, "0")}`);
  if (traits.hasApp) identity("app_account", `${prefix}app-${ids.uuid().slice(0, 13)}`);
  if (email && (traits.hasOnline || traits.hasApp)) identity("email", email);

  const history = simulatePurchases(plan, traits, random);
  const base = chunk.transactions.length;
  for (const t of history.transactions) {
    chunk.transactions.push(t.originalIndex === null ? t : { ...t, originalIndex: base + t.originalIndex });
  }
  chunk.events.push(...simulateEngagement(plan, traits, history.lapsedAtMs, random));

  chunk.truths.push({
    memberId: traits.id,
    purchaseRatePerYear: traits.ratePerYear,
    lapseProbability: traits.lapseProbability,
    lapsedAtMs: history.lapsedAtMs,
    behaviourGroup: traits.group.profile.group,
    priceSensitivity: traits.priceSensitivity,
  });
  const propensities = offerPropensities({
    group: traits.group.profile.group,
    priceSensitivity: traits.priceSensitivity,
    ratePerYear: traits.ratePerYear,
    meanLines: traits.group.profile.meanLines,
    taste: traits.taste,
  });
  for (const offerType of OFFER_TYPES) chunk.offers.push({ memberId: traits.id, offerType, propensity: propensities[offerType] });
  // Streams of their own: the history of offers leaves every draw above as it was.
  simulatePastOffers(
    plan.pastCampaigns,
    { id: traits.id, joinedAtMs: traits.joinedAtMs, lapsedAtMs: history.lapsedAtMs, taste: traits.taste, propensities },
    new Random([plan.seed, STREAM.pastOffers, index]),
    new Random([plan.seed, plan.idKey, STREAM.offerCodes, index]),
    chunk.pastOffers,
  );
}

export function emptyChunk(): MemberChunk {
  return { members: [], identities: [], truths: [], offers: [], transactions: [], events: [], pastOffers: [] };
}

/**
 * Members in chunks of plan.chunkSize, each complete with its rows: the caller writes a chunk and drops
 * it, so a million members never sit in memory at once. Every member has its own random stream, so the
 * output does not depend on the chunk size.
 */
export function* generateMemberChunks(plan: ProgramPlan): Generator<MemberChunk> {
  for (let first = 0; first < plan.members; first += plan.chunkSize) {
    const chunk = emptyChunk();
    const last = Math.min(plan.members, first + plan.chunkSize);
    for (let index = first; index < last; index++) generateMember(plan, index, chunk);
    yield chunk;
  }
}
