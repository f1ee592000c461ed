import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../client";
import { engagementChannel, engagementType, type EngagementChannel, type EngagementType, type MemberStatus } from "../../schema/enums";
import { selectRows } from "../../sql";
import { behaviourColumns, CATEGORY_SHARES_SELECT, FEATURE_FROM, featureCtes, PROFILE_COLUMNS, uuidArray, type MemberSet } from "./sql";
import { DAY_MS } from "../../../lib/time";

/**
 * A member's features as of an instant, from data before it only. Money is in the program currency, minor
 * units; times are instants; day counts are whole days (floor). Null means "no data to say" (no sale yet,
 * fewer than three sales for a coefficient of variation, ...). Definitions: docs/segments.md.
 */
export interface MemberFeatures {
  memberId: string;
  asOf: Date;
  // Profile, as stored now (members keep no history of their profile).
  status: MemberStatus;
  homeStoreId: string | null;
  joinedAt: Date;
  tenureDays: number;
  birthDate: string | null;
  /** Whole years at asOf's UTC date. */
  age: number | null;
  city: string | null;
  countryCode: string | null;
  postcode: string | null;
  /** The first two characters of the postcode, spaces removed, upper case. */
  postcodePrefix: string | null;
  locale: string | null;
  hasEmail: boolean;
  hasPhone: boolean;
  // Purchases.
  purchases: number;
  returns: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  recencyDays: number | null;
  lastActivityAt: Date | null;
  netSpendMinor: number;
  salesMinor: number;
  avgBasketMinor: number | null;
  purchases90d: number;
  spend90dMinor: number;
  spendPrev90dMinor: number;
  spendTrend: number | null;
  spend365dMinor: number;
  gapMeanDays: number | null;
  gapCv: number | null;
  purchasesByChannel: { pos: number; online: number; app: number };
  channelShares: { pos: number; online: number; app: number } | null;
  weekendShare: number | null;
  usualHour: number | null;
  usualWeekday: number | null;
  lineSalesMinor: number;
  /** Share of sale-line spend per category code (categories without spend are absent: share 0). */
  categoryShares: Record<string, number>;
  // Engagement.
  lastEngagementAt: Date | null;
  daysSinceEngagement: number | null;
  engagement: Record<EngagementChannel, { last30d: number; last90d: number }>;
  lastEventAt: Record<EngagementType, Date | null>;
  // Loyalty (points ledger, tiers, redemptions): null until the loyalty issue's tables join the extraction.
  pointsBalance: null;
  pointsEarned90d: null;
  pointsRedeemed90d: null;
  redemptions90d: null;
  tier: null;
}

type Row = Record<string, unknown>;

/** The extraction as one SELECT (one row per member, snake_case columns): the SQL form for INSERT ... SELECT. */
export function memberFeaturesSelect(window: { asOf: Date; members: MemberSet }): SQL {
  const columns = behaviourColumns(window.asOf).map(([name, expr]) => sql`${expr} AS ${sql.raw(name)}`);
  return sql`WITH ${featureCtes(window)}
    SELECT mem.member_id, ${sql.raw(PROFILE_COLUMNS.map((c) => `mem.${c}`).join(", "))}, ${sql.join(columns, sql`, `)}
      FROM ${FEATURE_FROM}`;
}

/** The category shares as one SELECT: member_id, category_id, spend_minor, share. */
export function categorySharesSelect(window: { asOf: Date; members: MemberSet }): SQL {
  return sql`WITH ${featureCtes(window)} ${CATEGORY_SHARES_SELECT}`;
}

export type ExtractParams = { asOf: Date } & ({ memberIds: readonly string[] } | { where: SQL } | { all: true });

export function memberSet(params: ExtractParams): MemberSet {
  if ("memberIds" in params) return { kind: "ids", ids: params.memberIds };
  if ("where" in params) return { kind: "where", where: params.where };
  return { kind: "all" };
}

const TIME_COLUMNS = new Set(["as_of", "joined_at", "first_purchase_at", "last_purchase_at", "last_activity_at", "last_engagement_at", ...engagementType.enumValues.map((t) => `last_${t}_at`)]);
const TEXT_COLUMNS = new Set(["birth_date", "locale", "status"]);

/** Every column of the extraction, read so that both drivers return the same JS values (epoch ms, numbers, text). */
function readableColumns(asOf: Date): SQL {
  const names = ["member_id", ...PROFILE_COLUMNS, ...behaviourColumns(asOf).map(([name]) => name)];
  return sql.join(
    names.map((c) => {
      if (TIME_COLUMNS.has(c)) return sql.raw(`(extract(epoch FROM f.${c}) * 1000)::float8 AS ${c}`);
      if (TEXT_COLUMNS.has(c)) return sql.raw(`f.${c}::text AS ${c}`);
      if (c.endsWith("_minor")) return sql.raw(`f.${c}::float8 AS ${c}`);
      return sql.raw(`f.${c}`);
    }),
    sql`, `,
  );
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const int = (v: unknown): number => Number(v ?? 0);
const instant = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));
const daysSince = (asOf: Date, v: Date | null) => (v === null ? null : Math.floor((asOf.getTime() - v.getTime()) / DAY_MS));

function wholeYears(birthDate: string | null, asOf: Date): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
  const years = asOf.getUTCFullYear() - y;
  const beforeBirthday = asOf.getUTCMonth() + 1 < m || (asOf.getUTCMonth() + 1 === m && asOf.getUTCDate() < d);
  return beforeBirthday ? years - 1 : years;
}

const postcodePrefix = (postcode: string | null) => (postcode ? postcode.replace(/\s+/g, "").slice(0, 2).toUpperCase() || null : null);

/**
 * Point-in-time features for the given members (or those matching `where`, a condition on `m` = members, or
 * all), as of `asOf`: only receipts and events with occurred_at < asOf count, and members who joined at or
 * after asOf are left out. The stored member_features table holds the same values for asOf = its as_of.
 */
export async function extractMemberFeatures(db: Db, params: ExtractParams): Promise<MemberFeatures[]> {
  const window = { asOf: params.asOf, members: memberSet(params) };
  const select = memberFeaturesSelect(window);
  const [rows, shares] = await Promise.all([
    selectRows<Row>(db, sql`SELECT ${readableColumns(params.asOf)} FROM (${select}) f ORDER BY f.member_id`),
    selectRows<{ member_id: string; code: string; share: number }>(
      db,
      sql`SELECT s.member_id, k.code, s.share FROM (${categorySharesSelect(window)}) s JOIN categories k ON k.id = s.category_id`,
    ),
  ]);
  const sharesByMember = groupShares(shares);
  return rows.map((r) => toFeatures(r, params.asOf, sharesByMember.get(String(r.member_id)) ?? {}));
}

/**
 * The stored features of these members (member_features, kept current by refreshMemberFeatures), in the
 * extraction's shape; day counts are as of each row's own as_of. Rows never computed (as_of null) are left out.
 */
export async function readStoredFeatures(db: Db, params: { memberIds: readonly string[] }): Promise<MemberFeatures[]> {
  const ids = uuidArray(params.memberIds);
  const [rows, shares] = await Promise.all([
    selectRows<Row>(db, sql`SELECT ${readableColumns(new Date(0))} FROM member_features f WHERE f.member_id = ANY(${ids}) AND f.as_of IS NOT NULL ORDER BY f.member_id`),
    selectRows<{ member_id: string; code: string; share: number }>(
      db,
      sql`SELECT x.member_id, k.code, x.share FROM member_category_features x JOIN categories k ON k.id = x.category_id WHERE x.member_id = ANY(${ids})`,
    ),
  ]);
  const sharesByMember = groupShares(shares);
  return rows.map((r) => toFeatures(r, new Date(Number(r.as_of)), sharesByMember.get(String(r.member_id)) ?? {}));
}

function groupShares(shares: ReadonlyArray<{ member_id: string; code: string; share: number }>): Map<string, Record<string, number>> {
  const byMember = new Map<string, Record<string, number>>();
  for (const s of shares) {
    const entry = byMember.get(s.member_id) ?? {};
    entry[s.code] = Number(s.share);
    byMember.set(s.member_id, entry);
  }
  return byMember;
}

function toFeatures(r: Row, asOf: Date, categoryShares: Record<string, number>): MemberFeatures {
  const joinedAt = instant(r.joined_at) as Date;
  const lastPurchaseAt = instant(r.last_purchase_at);
  const lastEngagementAt = instant(r.last_engagement_at);
  const purchases = int(r.purchases);
  const birthDate = (r.birth_date as string | null) ?? null;
  return {
    memberId: String(r.member_id),
    asOf,
    status: r.status as MemberStatus,
    homeStoreId: (r.home_store_id as string | null) ?? null,
    joinedAt,
    tenureDays: daysSince(asOf, joinedAt) ?? 0,
    birthDate,
    age: wholeYears(birthDate, asOf),
    city: (r.city as string | null) ?? null,
    countryCode: (r.country_code as string | null) ?? null,
    postcode: (r.postcode as string | null) ?? null,
    postcodePrefix: postcodePrefix((r.postcode as string | null) ?? null),
    locale: (r.locale as string | null) ?? null,
    hasEmail: r.has_email === true,
    hasPhone: r.has_phone === true,
    purchases,
    returns: int(r.returns),
    firstPurchaseAt: instant(r.first_purchase_at),
    lastPurchaseAt,
    recencyDays: daysSince(asOf, lastPurchaseAt),
    lastActivityAt: instant(r.last_activity_at),
    netSpendMinor: int(r.net_spend_minor),
    salesMinor: int(r.sales_minor),
    avgBasketMinor: num(r.avg_basket_minor),
    purchases90d: int(r.purchases_90d),
    spend90dMinor: int(r.spend_90d_minor),
    spendPrev90dMinor: int(r.spend_prev_90d_minor),
    spendTrend: num(r.spend_trend),
    spend365dMinor: int(r.spend_365d_minor),
    gapMeanDays: num(r.gap_mean_days),
    gapCv: num(r.gap_cv),
    purchasesByChannel: { pos: int(r.purchases_pos), online: int(r.purchases_online), app: int(r.purchases_app) },
    channelShares: purchases > 0 ? { pos: Number(r.share_pos), online: Number(r.share_online), app: Number(r.share_app) } : null,
    weekendShare: num(r.weekend_share),
    usualHour: num(r.usual_hour),
    usualWeekday: num(r.usual_weekday),
    lineSalesMinor: int(r.line_sales_minor),
    categoryShares,
    lastEngagementAt,
    daysSinceEngagement: daysSince(asOf, lastEngagementAt),
    engagement: Object.fromEntries(
      engagementChannel.enumValues.map((c) => [c, { last30d: int(r[`eng_${c}_30d`]), last90d: int(r[`eng_${c}_90d`]) }]),
    ) as MemberFeatures["engagement"],
    lastEventAt: Object.fromEntries(engagementType.enumValues.map((t) => [t, instant(r[`last_${t}_at`])])) as MemberFeatures["lastEventAt"],
    pointsBalance: null,
    pointsEarned90d: null,
    pointsRedeemed90d: null,
    redemptions90d: null,
    tier: null,
  };
}
