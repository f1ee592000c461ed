import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import { timeZoneSql } from "@/lib/segments/compile";
import { PROFILE_FEATURES, RECENCY_BUCKETS, type ProfileFeature, type RecencyBucket, type SegmentProfile, type SegmentSize } from "@/lib/segments/profile";
import { featureTableFor } from "@/lib/segments/hot-columns";
import type { RuleNode } from "@/lib/segments/rule";
import type { Db } from "../client";
import { selectInteractiveRows } from "../sql";
import { memberBase, prepareRule, requireRule } from "./segments-rule";
import { DAY_MS } from "../../lib/time";

export type { SegmentProfile, SegmentSize };

/**
 * The revenue window of "share of revenue": each member's net spend (sales plus returns, program currency)
 * in the 365 days before their features' as_of (member_features.spend_365d_minor), summed; guests' receipts
 * are not members' revenue and are left out.
 */
export const REVENUE_WINDOW_DAYS = 365;

/** How many members a rule selects, and their share of members and of members' revenue. */
export async function countSegment(db: Db, params: { rule: RuleNode; scope: Scope; now?: Date }): Promise<SegmentSize> {
  const { condition } = await prepareRule(db, params.rule, { now: params.now });
  const base = memberBase(params.scope);
  type Sums = { n: number; revenue: number };
  const sums = sql`count(*)::int AS n, coalesce(sum(f.spend_365d_minor), 0)::float8 AS revenue`;
  const [[segment], [all]] = await Promise.all([
    selectInteractiveRows<Sums>(db, sql`SELECT ${sums} FROM ${featureTableFor(sums, base, condition)} f WHERE ${base} AND ${condition}`),
    selectInteractiveRows<Sums>(db, sql`SELECT ${sums} FROM ${featureTableFor(sums, base)} f WHERE ${base}`),
  ]);
  const count = segment?.n ?? 0;
  const total = all?.n ?? 0;
  const revenueMinor = segment?.revenue ?? 0;
  const totalRevenueMinor = all?.revenue ?? 0;
  return {
    count,
    total,
    shareOfMembers: total > 0 ? count / total : null,
    revenueMinor,
    totalRevenueMinor,
    shareOfRevenue: totalRevenueMinor > 0 ? revenueMinor / totalRevenueMinor : null,
  };
}

/**
 * The live size of an untrusted rule (the builder's request): validated first, so a bad rule is an
 * invalid_input error naming its place (HTTP 400), never a database error.
 */
export async function sizeOfUntrustedRule(db: Db, params: { input: unknown; scope: Scope; now?: Date }): Promise<SegmentSize> {
  return countSegment(db, { rule: requireRule(params.input), scope: params.scope, now: params.now });
}

/** Only the number of members: what the live size and the bench time. */
export async function countSegmentMembers(db: Db, params: { rule: RuleNode; scope: Scope; now?: Date }): Promise<number> {
  const { condition } = await prepareRule(db, params.rule, { now: params.now });
  const base = memberBase(params.scope);
  const [row] = await selectInteractiveRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${featureTableFor(base, condition)} f WHERE ${base} AND ${condition}`);
  return row?.n ?? 0;
}

/**
 * A small profile of a segment against all members of the scope: means of key features and the spread of
 * recency. One pass over member_features (a few hundred ms at a million members), so the builder asks for
 * it after the size.
 */
export async function profileSegment(db: Db, params: { rule: RuleNode; scope: Scope; now?: Date }): Promise<SegmentProfile> {
  const now = params.now ?? new Date();
  const { condition, context } = await prepareRule(db, params.rule, { now });
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const days = (col: string) => sql`floor((date_part('epoch', ${nowTs}) - date_part('epoch', ${sql.raw(`f.${col}`)})) / 86400.0)`;
  const today = sql`(${nowTs} AT TIME ZONE ${timeZoneSql(context)})::date`;
  const expressions: Record<ProfileFeature, ReturnType<typeof sql>> = {
    recency_days: days("last_purchase_at"),
    purchases: sql`f.purchases`,
    net_spend: sql`f.net_spend_minor`,
    avg_basket: sql`f.avg_basket_minor`,
    spend_90d: sql`f.spend_90d_minor`,
    share_online: sql`f.share_online`,
    share_app: sql`f.share_app`,
    weekend_share: sql`f.weekend_share`,
    days_since_engagement: days("last_engagement_at"),
    age: sql`date_part('year', age(${today}, f.birth_date))`,
    tenure_days: days("joined_at"),
  };
  const means = PROFILE_FEATURES.flatMap((name) => [
    sql`(avg(${expressions[name]}) FILTER (WHERE seg))::float8 AS ${sql.raw(`seg_${name}`)}`,
    sql`avg(${expressions[name]})::float8 AS ${sql.raw(`all_${name}`)}`,
  ]);
  const bucket = (from: number, to: number | null) =>
    sql`f.last_purchase_at <= ${new Date(now.getTime() - from * DAY_MS).toISOString()}::timestamptz${
      to === null ? sql`` : sql` AND f.last_purchase_at > ${new Date(now.getTime() - (to + 1) * DAY_MS).toISOString()}::timestamptz`
    }`;
  const buckets: Record<RecencyBucket, ReturnType<typeof sql>> = {
    "0-30": bucket(0, 30),
    "31-90": bucket(31, 90),
    "91-180": bucket(91, 180),
    "181-365": bucket(181, 365),
    "366+": bucket(366, null),
    never: sql`f.last_purchase_at IS NULL`,
  };
  const counts = RECENCY_BUCKETS.flatMap((b, i) => [
    sql`(count(*) FILTER (WHERE seg AND ${buckets[b]}))::int AS ${sql.raw(`seg_b${i}`)}`,
    sql`(count(*) FILTER (WHERE ${buckets[b]}))::int AS ${sql.raw(`all_b${i}`)}`,
  ]);
  const [row] = await selectInteractiveRows<Record<string, number | null>>(
    db,
    sql`SELECT (count(*) FILTER (WHERE seg))::int AS seg_n, count(*)::int AS all_n, ${sql.join([...means, ...counts], sql`, `)}
          FROM (SELECT f.*, coalesce(${condition}, false) AS seg FROM member_features f WHERE ${memberBase(params.scope)}) f`,
  );
  const value = (key: string) => (row?.[key] === null || row?.[key] === undefined ? null : Number(row[key]));
  return {
    count: value("seg_n") ?? 0,
    total: value("all_n") ?? 0,
    means: Object.fromEntries(PROFILE_FEATURES.map((n) => [n, { segment: value(`seg_${n}`), all: value(`all_${n}`) }])) as SegmentProfile["means"],
    recency: Object.fromEntries(RECENCY_BUCKETS.map((b, i) => [b, { segment: value(`seg_b${i}`) ?? 0, all: value(`all_b${i}`) ?? 0 }])) as SegmentProfile["recency"],
  };
}
