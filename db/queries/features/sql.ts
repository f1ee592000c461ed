import { sql, type SQL } from "drizzle-orm";
import { engagementChannel, engagementType, salesChannel } from "../../schema/enums";
import { isUuid } from "../scope";

/*
 * db/queries/features has no `import "server-only"`, unlike the other query modules: besides the app, the
 * demo seed, `npm run features:rebuild`, the bench and the models' evaluation scripts run it from plain
 * Node, where that marker throws. Nothing in it reaches a client bundle (no component imports it).
 */

/**
 * The point-in-time member feature extraction, as SQL. Everything is computed from data with
 * occurred_at < asOf and nothing after it, so the churn classifier can call it with asOf = its cutoff and
 * the stored member_features table calls it with asOf = now. Definitions: docs/segments.md.
 */

const DAY_MS = 86_400_000;

/** Which members to compute: given ids, the members matching a condition on `m` (members), or all. */
export type MemberSet = { kind: "ids"; ids: readonly string[] } | { kind: "where"; where: SQL } | { kind: "all" };

export interface ExtractionWindow {
  asOf: Date;
  members: MemberSet;
}

/** A uuid[] literal: one parameter however many ids (a list of parameters stops at 65,535). */
export function uuidArray(ids: readonly string[]): SQL {
  const valid = ids.filter(isUuid);
  return sql`${`{${valid.join(",")}}`}::uuid[]`;
}

/** Restricts a member-id column of a fact table to the member set. */
function factFilter(column: SQL, members: MemberSet): SQL {
  switch (members.kind) {
    case "ids":
      return sql`${column} = ANY(${uuidArray(members.ids)})`;
    case "where":
      return sql`${column} IN (SELECT member_id FROM mem)`;
    case "all":
      return sql`${column} IS NOT NULL`;
  }
}

function memberFilter(members: MemberSet): SQL {
  switch (members.kind) {
    case "ids":
      return sql`m.id = ANY(${uuidArray(members.ids)})`;
    case "where":
      return members.where;
    case "all":
      return sql`true`;
  }
}

/**
 * The program's time zone and currency, as scalar subqueries: PostgreSQL evaluates each once per statement
 * (an InitPlan), where a call to the STABLE function in a row expression would run for every receipt.
 */
const PROGRAM_TZ = sql`(SELECT sales_daily_tz())`;
const PROGRAM_CURRENCY = sql`(SELECT coalesce((SELECT currency FROM program_settings WHERE id = 1), 'EUR'))`;

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const daysBefore = (asOf: Date, days: number) => ts(new Date(asOf.getTime() - days * DAY_MS));
const raw = (identifier: string) => sql.raw(identifier);

/** Per sales channel: sale receipts in that channel. */
const channelCounts = salesChannel.enumValues.map(
  (c) => sql`count(*) FILTER (WHERE t.kind = 'sale' AND t.channel = ${c})::int AS ${raw(`purchases_${c}`)}`,
);

function engagementAggregates(asOf: Date): SQL[] {
  const d30 = daysBefore(asOf, 30);
  const d90 = daysBefore(asOf, 90);
  const counts = engagementChannel.enumValues.flatMap((c) => [
    sql`count(*) FILTER (WHERE e.channel = ${c} AND e.occurred_at >= ${d30})::int AS ${raw(`eng_${c}_30d`)}`,
    sql`count(*) FILTER (WHERE e.channel = ${c} AND e.occurred_at >= ${d90})::int AS ${raw(`eng_${c}_90d`)}`,
  ]);
  const lasts = engagementType.enumValues.map((type) => sql`max(e.occurred_at) FILTER (WHERE e.type = ${type}) AS ${raw(`last_${type}_at`)}`);
  return [...counts, ...lasts];
}

/**
 * The common table expressions of the extraction: `mem` (the
 * members, with their profile), `tx` (receipt aggregates), `ev` (engagement aggregates) and `cat` (sale-line
 * spend per member and category). PostgreSQL skips the ones a query does not reference.
 */
export function featureCtes({ asOf, members }: ExtractionWindow): SQL {
  const before = ts(asOf);
  const d90 = daysBefore(asOf, 90);
  const d180 = daysBefore(asOf, 180);
  const d365 = daysBefore(asOf, 365);
  // Local time of a receipt in the program's time zone (weekday, hour); days between sales come from the
  // sale links of migration 0005 (previous sale of the same member), so no window function runs here.
  const local = sql`(t.occurred_at AT TIME ZONE ${PROGRAM_TZ})`;
  const gap = sql`(date_part('epoch', t.occurred_at) - date_part('epoch', t.prev_sale_at)) / 86400.0`;
  const inCurrency = sql`t.currency = ${PROGRAM_CURRENCY}`;
  return sql`mem AS (
      SELECT m.id AS member_id, m.status, m.home_store_id, m.joined_at, m.birth_date, m.city, m.country_code, m.postcode,
             m.locale, m.email IS NOT NULL AS has_email, m.phone IS NOT NULL AS has_phone
        FROM members m
       WHERE m.joined_at < ${before} AND ${memberFilter(members)}
    ),
    tx AS (
      SELECT t.member_id,
             count(*) FILTER (WHERE t.kind = 'sale')::int AS purchases,
             count(*) FILTER (WHERE t.kind = 'return')::int AS returns,
             min(t.occurred_at) FILTER (WHERE t.kind = 'sale') AS first_purchase_at,
             max(t.occurred_at) FILTER (WHERE t.kind = 'sale') AS last_purchase_at,
             max(t.occurred_at) AS last_receipt_at,
             coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency}), 0)::bigint AS net_spend_minor,
             coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.kind = 'sale'), 0)::bigint AS sales_minor,
             count(*) FILTER (WHERE ${inCurrency} AND t.kind = 'sale')::int AS sales_in_currency,
             count(*) FILTER (WHERE t.kind = 'sale' AND t.occurred_at >= ${d90})::int AS purchases_90d,
             coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.occurred_at >= ${d90}), 0)::bigint AS spend_90d_minor,
             coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.occurred_at >= ${d180} AND t.occurred_at < ${d90}), 0)::bigint AS spend_prev_90d_minor,
             coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.occurred_at >= ${d365}), 0)::bigint AS spend_365d_minor,
             avg(${gap}) FILTER (WHERE t.kind = 'sale' AND t.prev_sale_at IS NOT NULL) AS gap_mean,
             stddev_pop(${gap}) FILTER (WHERE t.kind = 'sale' AND t.prev_sale_at IS NOT NULL) AS gap_sd,
             count(*) FILTER (WHERE t.kind = 'sale' AND t.prev_sale_at IS NOT NULL)::int AS gaps,
             ${sql.join(channelCounts, sql`, `)},
             count(*) FILTER (WHERE t.kind = 'sale' AND extract(isodow FROM ${local}) >= 6)::int AS weekend_purchases,
             mode() WITHIN GROUP (ORDER BY extract(hour FROM ${local})) FILTER (WHERE t.kind = 'sale') AS usual_hour,
             mode() WITHIN GROUP (ORDER BY extract(isodow FROM ${local})) FILTER (WHERE t.kind = 'sale') AS usual_weekday
        FROM transactions t
       WHERE t.occurred_at < ${before} AND ${factFilter(sql`t.member_id`, members)}
       GROUP BY t.member_id
    ),
    ev AS (
      SELECT e.member_id, max(e.occurred_at) AS last_engagement_at, ${sql.join(engagementAggregates(asOf), sql`, `)}
        FROM engagement_events e
       WHERE e.occurred_at < ${before} AND ${factFilter(sql`e.member_id`, members)}
       GROUP BY e.member_id
    ),
    cat AS (
      SELECT t.member_id, coalesce(l.category_id, p.category_id) AS category_id, sum(l.amount_minor)::bigint AS spend_minor
        FROM transactions t
        JOIN transaction_lines l ON l.transaction_id = t.id
        LEFT JOIN products p ON p.id = l.product_id
       WHERE t.kind = 'sale' AND ${inCurrency} AND t.occurred_at < ${before} AND ${factFilter(sql`t.member_id`, members)}
       GROUP BY 1, 2
    ),
    cat_total AS (
      SELECT member_id, sum(spend_minor)::bigint AS line_sales_minor FROM cat GROUP BY member_id
    )`;
}

const share = (part: string) => sql.raw(`CASE WHEN tx.purchases > 0 THEN ${part}::float8 / tx.purchases END`);

/**
 * The behaviour columns of member_features, by name, as computed from the CTEs above (joined as
 * mem LEFT JOIN tx, ev, cat_total). The order is the table's; an upsert writes exactly these.
 */
export function behaviourColumns(asOf: Date): Array<[string, SQL]> {
  const counts = (names: readonly string[]) => names.map((n): [string, SQL] => [n, sql.raw(`coalesce(tx.${n}, 0)`)]);
  return [
    ["as_of", ts(asOf)],
    ["purchases", sql`coalesce(tx.purchases, 0)`],
    ["returns", sql`coalesce(tx.returns, 0)`],
    ["first_purchase_at", sql`tx.first_purchase_at`],
    ["last_purchase_at", sql`tx.last_purchase_at`],
    ["last_activity_at", sql`greatest(tx.last_receipt_at, ev.last_engagement_at)`],
    ["net_spend_minor", sql`coalesce(tx.net_spend_minor, 0)`],
    ["sales_minor", sql`coalesce(tx.sales_minor, 0)`],
    ["avg_basket_minor", sql`CASE WHEN tx.sales_in_currency > 0 THEN round(tx.sales_minor::numeric / tx.sales_in_currency)::bigint END`],
    ["purchases_90d", sql`coalesce(tx.purchases_90d, 0)`],
    ["spend_90d_minor", sql`coalesce(tx.spend_90d_minor, 0)`],
    ["spend_prev_90d_minor", sql`coalesce(tx.spend_prev_90d_minor, 0)`],
    ["spend_trend", sql`CASE WHEN tx.spend_prev_90d_minor > 0 THEN tx.spend_90d_minor::float8 / tx.spend_prev_90d_minor END`],
    ["spend_365d_minor", sql`coalesce(tx.spend_365d_minor, 0)`],
    ["gap_mean_days", sql`tx.gap_mean`],
    ["gap_cv", sql`CASE WHEN tx.gaps >= 2 AND tx.gap_mean > 0 THEN tx.gap_sd / tx.gap_mean END`],
    ...counts(salesChannel.enumValues.map((c) => `purchases_${c}`)),
    ...salesChannel.enumValues.map((c): [string, SQL] => [`share_${c}`, share(`tx.purchases_${c}`)]),
    ["weekend_share", share("tx.weekend_purchases")],
    ["usual_hour", sql`tx.usual_hour::smallint`],
    ["usual_weekday", sql`tx.usual_weekday::smallint`],
    ["line_sales_minor", sql`coalesce(cat_total.line_sales_minor, 0)`],
    ["last_engagement_at", sql`ev.last_engagement_at`],
    ...engagementChannel.enumValues.flatMap((c): Array<[string, SQL]> => [
      [`eng_${c}_30d`, sql.raw(`coalesce(ev.eng_${c}_30d, 0)`)],
      [`eng_${c}_90d`, sql.raw(`coalesce(ev.eng_${c}_90d, 0)`)],
    ]),
    ...engagementType.enumValues.map((type): [string, SQL] => [`last_${type}_at`, sql.raw(`ev.last_${type}_at`)]),
  ];
}

export const PROFILE_COLUMNS = [
  "status",
  "home_store_id",
  "joined_at",
  "birth_date",
  "city",
  "country_code",
  "postcode",
  "locale",
  "has_email",
  "has_phone",
] as const;

/** FROM clause joining the extraction's CTEs, one row per member of `mem`. */
export const FEATURE_FROM = sql`mem
  LEFT JOIN tx ON tx.member_id = mem.member_id
  LEFT JOIN ev ON ev.member_id = mem.member_id
  LEFT JOIN cat_total ON cat_total.member_id = mem.member_id`;

/** Category shares: a row per member (of `mem`) and category with positive spend; share of the member's sale-line spend. */
export const CATEGORY_SHARES_SELECT = sql`SELECT cat.member_id, cat.category_id, cat.spend_minor,
       cat.spend_minor::float8 / cat_total.line_sales_minor AS share
  FROM cat JOIN cat_total ON cat_total.member_id = cat.member_id
 WHERE cat.category_id IS NOT NULL AND cat.spend_minor > 0 AND cat_total.line_sales_minor > 0
   AND cat.member_id IN (SELECT member_id FROM mem)`;
