import { GROUP_PROFILES, seasonalityOf, tasteAlpha, type GroupProfile, type Seasonality } from "./behaviour";
import { Calendar } from "./calendar";
import { buildCatalog, type Catalog } from "./catalog";
import { planPastCampaigns, type PastCampaignPlan } from "./past-campaigns";
import { hashKey, hashString, Random, WeightedTable } from "./random";
import { ONLINE_STORE_CODE, STORE_SPECS, taggedCode, type StoreSpec } from "./stores";

export interface GenerateOptions {
  members: number;
  months: number;
  seed: number;
  /** The period ends at this day's UTC midnight (exclusive). */
  end: Date;
  /**
   * Prefix for every unique business key (store codes, skus, category codes, member numbers, e-mails,
   * identities, staff e-mails), so a tagged run can share a database with other data. Row ids depend on it
   * too; behaviour does not: the same seed plants the same members whatever the tag.
   */
  tag?: string;
  /** Members generated (and their profiles written) per chunk. */
  chunkSize?: number;
  /** Members whose receipts and events are written together, in time order; memory is bounded by one batch. */
  writeBatchMembers?: number;
}

export interface PlannedStore extends StoreSpec {
  id: string;
  /** The code as written to the database (tag-prefixed in tagged runs). */
  dbCode: string;
  /** German and Polish law keep shops shut on most Sundays; till purchases move to Saturday. */
  closedOnSunday: boolean;
  offsets: Int16Array;
}

export interface PlannedGroup {
  profile: GroupProfile;
  seasonality: Seasonality;
  tasteAlpha: number[];
}

export interface ProgramPlan {
  members: number;
  months: number;
  seed: number;
  tag: string | undefined;
  /** Mixed into every row-id stream so tagged runs with the same seed never collide on primary keys. */
  idKey: number;
  /** Leading bits of member and identity ids (see Random.sequentialUuid): one per run and table. */
  memberIdPrefix: number;
  identityIdPrefix: number;
  chunkSize: number;
  writeBatchMembers: number;
  calendar: Calendar;
  stores: PlannedStore[];
  online: PlannedStore;
  homeStores: WeightedTable<PlannedStore>;
  catalog: Catalog;
  groups: PlannedGroup[];
  /** Store-local hour of a till purchase (8:00-20:00) and of an online purchase or event (evening peak). */
  posHours: WeightedTable<number>;
  onlineHours: WeightedTable<number>;
  /** The campaigns of the past (offer rewards, completed campaigns) that members were sent offers by. */
  pastCampaigns: PastCampaignPlan;
}

/** Stream numbers keep the draws of different concerns apart, so adding draws to one leaves the others alone. */
export const STREAM = {
  catalog: 1,
  catalogIds: 2,
  storeIds: 3,
  member: 10,
  memberIds: 11,
  identityIds: 12,
  /** Each member's favourite style per category (STYLE_LOYALTY). */
  productStyle: 13,
  /** The past campaigns' schedule and offers; their row ids; each member's part in them; each member's offer codes. */
  campaigns: 20,
  campaignIds: 21,
  pastOffers: 22,
  offerCodes: 23,
} as const;

const POS_HOUR_WEIGHTS = [0.6, 0.8, 0.9, 1, 1.3, 1.2, 0.9, 0.9, 1, 1.2, 1.1, 0.7];
const ONLINE_HOUR_WEIGHTS = [
  0.3, 0.15, 0.1, 0.08, 0.08, 0.12, 0.3, 0.6, 0.8, 0.9, 1, 1.1, 1.3, 1.2, 1.1, 1.1, 1.2, 1.4, 1.7, 2.1, 2.4, 2.2, 1.5, 0.8,
];

/**
 * Small chunks keep a chunk's objects in V8's young generation: 1,000-member chunks generated 50k members in
 * 4.5 s against 7.2 s for 10,000-member chunks, the difference being garbage collection.
 */
export const DEFAULT_CHUNK_SIZE = 2_000;
/**
 * One chunk per batch by default: on PGlite, 10,000-member batches raised the peak memory of a 20k-member
 * seed from 0.9 to 1.1-1.2 GB and were no faster. Larger batches only pay on a shared PostgreSQL whose
 * indexes stay live (a tagged run of hundreds of thousands of members), where each batch is one sweep.
 */
export const DEFAULT_WRITE_BATCH_MEMBERS = DEFAULT_CHUNK_SIZE;

export function planProgram(options: GenerateOptions): ProgramPlan {
  if (!Number.isInteger(options.members) || options.members < 1) throw new Error("members must be a positive integer");
  if (!Number.isInteger(options.months) || options.months < 1) throw new Error("months must be a positive integer");
  if (options.tag !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(options.tag)) {
    throw new Error("tag must be 1-40 letters, digits, '-' or '_': it becomes part of codes and e-mail addresses");
  }
  const calendar = new Calendar(options.end, options.months);
  const idKey = options.tag ? hashString(options.tag) : 0;
  const storeIds = new Random([options.seed, idKey, STREAM.storeIds]);
  const stores = STORE_SPECS.map((spec) => ({
    ...spec,
    id: storeIds.uuid(),
    dbCode: taggedCode(options.tag, spec.code),
    closedOnSunday: spec.kind === "physical" && (spec.countryCode === "DE" || spec.countryCode === "PL"),
    offsets: calendar.offsets(spec.timezone),
  }));
  const online = stores.find((s) => s.code === ONLINE_STORE_CODE);
  if (!online) throw new Error("the store list has no online shop");
  const physical = stores.filter((s) => s.kind === "physical");
  const catalog = buildCatalog(
    new Random([options.seed, STREAM.catalog]),
    new Random([options.seed, idKey, STREAM.catalogIds]),
    options.tag,
  );
  return {
    members: options.members,
    months: options.months,
    seed: options.seed,
    tag: options.tag,
    idKey,
    memberIdPrefix: hashKey([options.seed, idKey, STREAM.memberIds]) & 0xffff,
    identityIdPrefix: hashKey([options.seed, idKey, STREAM.identityIds]) & 0xffff,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    writeBatchMembers: options.writeBatchMembers ?? DEFAULT_WRITE_BATCH_MEMBERS,
    calendar,
    stores,
    online,
    homeStores: new WeightedTable(physical, physical.map((s) => s.memberShare)),
    catalog,
    groups: GROUP_PROFILES.map((profile) => ({ profile, seasonality: seasonalityOf(profile), tasteAlpha: tasteAlpha(profile) })),
    posHours: new WeightedTable(POS_HOUR_WEIGHTS.map((_, i) => 8 + i), POS_HOUR_WEIGHTS),
    onlineHours: new WeightedTable(ONLINE_HOUR_WEIGHTS.map((_, i) => i), ONLINE_HOUR_WEIGHTS),
    pastCampaigns: planPastCampaigns(
      calendar,
      catalog,
      options.tag,
      new Random([options.seed, STREAM.campaigns]),
      new Random([options.seed, idKey, STREAM.campaignIds]),
    ),
  };
}

/** A random second of the day within the hour drawn from `hours`. */
export function secondOfDay(random: Random, hours: WeightedTable<number>): number {
  return hours.sample(random) * 3600 + random.int(0, 3599);
}
