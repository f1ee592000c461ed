import { sql, type SQL } from "drizzle-orm";
import { engagementChannel, engagementType, salesChannel } from "../../schema/enums";
import { isUuid } from "../scope";
import { DAY_MS } from "../../../lib/time";

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

/**
 * Which members to compute: given ids, the members matching a condition on `m` (members), the members whose
 * id is in (after, upTo] (a batch of a pass over all members in id order: a range plans in constant time
 * and reads the fact tables' member_id indexes as ranges, where a list of thousands of ids costs the
 * planner per id), or all.
 */
export type MemberSet =
  | { kind: "ids"; ids: readonly string[] }
  | { kind: "where"; where: SQL }
  | { kind: "range"; after: string; upTo: string }
  | { kind: "all" };

/** SQL condition: the member id `column` is in the range (after, upTo]. */
export function inIdRange(column: SQL, range: { after: string; upTo: string }): SQL {
  return sql`${column} > ${range.after}::uuid AND ${column} <= ${range.upTo}::uuid`;
}

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
export function factFilter(column: SQL, members: MemberSet): SQL {
  switch (members.kind) {
    case "ids":
      return sql`${column} = ANY(${uuidArray(members.ids)})`;
    case "where":
      return sql`${column} IN (SELECT member_id FROM mem)`;
    case "range":
      return inIdRange(column, members);
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
    case "range":
      return inIdRange(sql`m.id`, members);
    case "all":
      return sql`true`;
  }
}

/**
 * The program's time zone and currency, as scalar subqueries: PostgreSQL evaluates each once per statement
 * (an InitPlan), where a call to the STABLE function in a row expression would run for every receipt.
 */
const PROGRAM_TZ = sql`(SELECT sales_daily_tz())`;
export const PROGRAM_CURRENCY = sql`(SELECT coalesce((SELECT currency FROM program_settings WHERE id = 1), 'EUR'))`;

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const daysBefore = (asOf: Date, days: number) => ts(new Date(asOf.getTime() - days * DAY_MS));
const raw = (identifier: string) => sql.raw(identifier);

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
 * The receipt aggregates of the `tx` CTE, by name, over `transactions t` (occurred_at < asOf). The churn
 * extraction takes only the ones its columns read (TX_CHURN_AGGREGATES): the others (the usual hour and
 * weekday, ordered-set aggregates over the local time of every receipt) cost most of the pass.
 */
function txAggregates(asOf: Date): Array<[string, SQL]> {
  const d90 = daysBefore(asOf, 90);
  const d180 = daysBefore(asOf, 180);
  const d365 = daysBefore(asOf, 365);
  // Local time of a receipt in the program's time zone (weekday, hour); days between sales come from the
  // sale links of migration 0005 (previous sale of the same member), so no window function runs here.
  const local = sql`(t.occurred_at AT TIME ZONE ${PROGRAM_TZ})`;
  const gap = sql`(date_part('epoch', t.occurred_at) - date_part('epoch', t.prev_sale_at)) / 86400.0`;
  const inCurrency = sql`t.currency = ${PROGRAM_CURRENCY}`;
  return [
    ["purchases", sql`count(*) FILTER (WHERE t.kind = 'sale')::int`],
    ["returns", sql`count(*) FILTER (WHERE t.kind = 'return')::int`],
    ["first_purchase_at", sql`min(t.occurred_at) FILTER (WHERE t.kind = 'sale')`],
    ["last_purchase_at", sql`max(t.occurred_at) FILTER (WHERE t.kind = 'sale')`],
    ["last_receipt_at", sql`max(t.occurred_at)`],
    ["net_spend_minor", sql`coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency}), 0)::bigint`],
    ["sales_minor", sql`coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.kind = 'sale'), 0)::bigint`],
    ["sales_in_currency", sql`count(*) FILTER (WHERE ${inCurrency} AND t.kind = 'sale')::int`],
    ["purchases_90d", sql`count(*) FILTER (WHERE t.kind = 'sale' AND t.occurred_at >= ${d90})::int`],
    ["purchases_prev_90d", sql`count(*) FILTER (WHERE t.kind = 'sale' AND t.occurred_at >= ${d180} AND t.occurred_at < ${d90})::int`],
    ["sales_90d_minor", sql`coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.kind = 'sale' AND t.occurred_at >= ${d90}), 0)::bigint`],
    ["sales_90d_in_currency", sql`count(*) FILTER (WHERE ${inCurrency} AND t.kind = 'sale' AND t.occurred_at >= ${d90})::int`],
    ["discount_minor", sql`coalesce(sum(t.discount_minor) FILTER (WHERE ${inCurrency} AND t.kind = 'sale'), 0)::bigint`],
    ["spend_90d_minor", sql`coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.occurred_at >= ${d90}), 0)::bigint`],
    ["spend_prev_90d_minor", sql`coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.occurred_at >= ${d180} AND t.occurred_at < ${d90}), 0)::bigint`],
    ["spend_365d_minor", sql`coalesce(sum(t.total_minor) FILTER (WHERE ${inCurrency} AND t.occurred_at >= ${d365}), 0)::bigint`],
    ["gap_mean", sql`avg(${gap}) FILTER (WHERE t.kind = 'sale' AND t.prev_sale_at IS NOT NULL)`],
    ["gap_sd", sql`stddev_pop(${gap}) FILTER (WHERE t.kind = 'sale' AND t.prev_sale_at IS NOT NULL)`],
    ["gaps", sql`count(*) FILTER (WHERE t.kind = 'sale' AND t.prev_sale_at IS NOT NULL)::int`],
    ...salesChannel.enumValues.map((c): [string, SQL] => [`purchases_${c}`, sql`count(*) FILTER (WHERE t.kind = 'sale' AND t.channel = ${c})::int`]),
    ["weekend_purchases", sql`count(*) FILTER (WHERE t.kind = 'sale' AND extract(isodow FROM ${local}) >= 6)::int`],
    ["usual_hour", sql`mode() WITHIN GROUP (ORDER BY extract(hour FROM ${local})) FILTER (WHERE t.kind = 'sale')`],
    ["usual_weekday", sql`mode() WITHIN GROUP (ORDER BY extract(isodow FROM ${local})) FILTER (WHERE t.kind = 'sale')`],
  ];
}

/** The `tx` aggregates the churn columns (churnColumns, churnCtes) read. */
export const TX_CHURN_AGGREGATES: readonly string[] = [
  "purchases",
  "returns",
  "last_purchase_at",
  "sales_minor",
  "sales_in_currency",
  "purchases_90d",
  "purchases_prev_90d",
  "sales_90d_minor",
  "sales_90d_in_currency",
  "discount_minor",
  "gap_mean",
  "gap_sd",
  "gaps",
  "purchases_online",
  "purchases_app",
];

/**
 * The common table expressions of the extraction: `mem` (the
 * members, with their profile), `tx` (receipt aggregates), `ev` (engagement aggregates) and `cat` (sale-line
 * spend per member and category). PostgreSQL skips the ones a query does not reference. `txColumns` narrows
 * `tx` to the named aggregates (all of them by default).
 */
export function featureCtes({ asOf, members }: ExtractionWindow, txColumns?: readonly string[]): SQL {
  const before = ts(asOf);
  const inCurrency = sql`t.currency = ${PROGRAM_CURRENCY}`;
  const wanted = txColumns ? new Set(txColumns) : null;
  const aggregates = txAggregates(asOf)
    .filter(([name]) => wanted === null || wanted.has(name))
    .map(([name, expr]) => sql`${expr} AS ${raw(name)}`);
  return sql`mem AS (
      SELECT m.id AS member_id, m.status, m.home_store_id, m.joined_at, m.birth_date, m.city, m.country_code, m.postcode,
             m.locale, m.email IS NOT NULL AS has_email, m.phone IS NOT NULL AS has_phone
        FROM members m
       WHERE m.joined_at < ${before} AND ${memberFilter(members)}
    ),
    tx AS (
      SELECT t.member_id, ${sql.join(aggregates, sql`, `)}
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

/** The columns of `ev_churn` (churnCtes), in order. */
export const CHURN_EVENT_AGGREGATES: readonly string[] = [
  "events",
  "events_30d",
  "events_60d",
  "events_90d",
  "last_event_at",
  "app_opens_60d",
  "last_app_open_at",
  "email_opens_90d",
  "events_since_sale",
  "events_to_sale",
  "events_60d_to_sale",
];

/**
 * The churn model's extra CTEs, after featureCtes (they read `tx`): `ev_churn`, engagement counted against
 * the member's last purchase and in windows, in one scan of the events of members with a receipt (the
 * member_features columns need only `ev`, which the churn select does not reference, so each query scans the
 * events once); `rd`, non-cancelled redemptions (redemptions.created_at is the moment of redeeming).
 */
export function churnCtes({ asOf, members }: ExtractionWindow): SQL {
  const before = ts(asOf);
  const d30 = daysBefore(asOf, 30);
  const d60 = daysBefore(asOf, 60);
  const d90 = daysBefore(asOf, 90);
  return sql`ev_churn AS (
      SELECT e.member_id,
             count(*)::int AS events,
             count(*) FILTER (WHERE e.occurred_at >= ${d30})::int AS events_30d,
             count(*) FILTER (WHERE e.occurred_at >= ${d60})::int AS events_60d,
             count(*) FILTER (WHERE e.occurred_at >= ${d90})::int AS events_90d,
             max(e.occurred_at) AS last_event_at,
             count(*) FILTER (WHERE e.type = 'app_open' AND e.occurred_at >= ${d60})::int AS app_opens_60d,
             max(e.occurred_at) FILTER (WHERE e.type = 'app_open') AS last_app_open_at,
             count(*) FILTER (WHERE e.type = 'email_open' AND e.occurred_at >= ${d90})::int AS email_opens_90d,
             count(*) FILTER (WHERE e.occurred_at > tx.last_purchase_at)::int AS events_since_sale,
             count(*) FILTER (WHERE e.occurred_at <= tx.last_purchase_at)::int AS events_to_sale,
             count(*) FILTER (WHERE e.occurred_at <= tx.last_purchase_at AND e.occurred_at > tx.last_purchase_at - interval '60 days')::int AS events_60d_to_sale
        FROM engagement_events e
        JOIN tx ON tx.member_id = e.member_id
       WHERE e.occurred_at < ${before} AND ${factFilter(sql`e.member_id`, members)}
       GROUP BY e.member_id
    ),
    rd AS (
      SELECT r.member_id, max(r.created_at) AS last_redemption_at, count(*) FILTER (WHERE r.created_at >= ${d90})::int AS redemptions_90d
        FROM redemptions r
       WHERE r.created_at < ${before} AND r.status <> 'cancelled' AND ${factFilter(sql`r.member_id`, members)}
       GROUP BY r.member_id
    )`;
}

const WEEK_SECONDS = (7 * DAY_MS) / 1000;

/** BTYD's T: weeks (fractional) from `from` (a time) to `asOf`, as float8. */
export function weeksSince(from: SQL, asOf: Date): SQL {
  return sql`(extract(epoch FROM ${ts(asOf)} - ${from}) / ${WEEK_SECONDS})::float8`;
}

/**
 * BTYD purchase days before the cutoff, per member, as the CTEs `days`, `ranked` and `stats`: purchases on
 * the same (UTC) day are one transaction (the CDNOW convention), worth the day's sales in the program
 * currency (null when none was in it). `stats` has x (days after the first), tx (weeks from the first to
 * the last), first_day, t_total (weeks from the first to the cutoff), mean_repeat_minor and repeats_valued.
 * `join` and `where` choose the receipts' members (over `transactions t`). btyd-stats.ts reads it for the
 * eligible members; the churn inputs kept beside member_features (churnInputColumns) for every member.
 */
export function purchaseDayCtes(cutoff: Date, join: SQL, where: SQL): SQL {
  return sql`days AS (
      SELECT t.member_id, date_trunc('day', t.occurred_at AT TIME ZONE 'UTC') AS day,
             sum(t.total_minor) FILTER (WHERE t.currency = ${PROGRAM_CURRENCY})::float8 AS value
        FROM transactions t ${join}
       WHERE t.kind = 'sale' AND t.occurred_at < ${ts(cutoff)} AND ${where}
       GROUP BY 1, 2
    ),
    ranked AS (
      SELECT member_id, day, value, min(day) OVER (PARTITION BY member_id) AS first_day FROM days
    ),
    stats AS (
      SELECT member_id, (count(*) - 1)::int AS x,
             (extract(epoch FROM max(day) - min(day)) / ${WEEK_SECONDS})::float8 AS tx,
             min(day) AT TIME ZONE 'UTC' AS first_day,
             ${weeksSince(sql`(min(day) AT TIME ZONE 'UTC')`, cutoff)} AS t_total,
             avg(value) FILTER (WHERE day > first_day AND value > 0)::float8 AS mean_repeat_minor,
             count(*) FILTER (WHERE day > first_day AND value > 0)::int AS repeats_valued
        FROM ranked GROUP BY member_id
    )`;
}

/**
 * The columns of member_churn_features, by name, over mem LEFT JOIN tx, ev_churn, rd and stats (featureCtes
 * with the TX_CHURN_AGGREGATES, churnCtes, purchaseDayCtes): the aggregates churnColumns reads, under the
 * names it reads them by, so that the scoring run computes the model's features from the kept row with
 * the extraction's own expressions (db/queries/churn-score-input.ts).
 */
export function churnInputColumns(asOf: Date): Array<[string, SQL]> {
  const kept = (alias: string, names: readonly string[], counts: ReadonlySet<string>) =>
    names.map((n): [string, SQL] => [n, sql.raw(counts.has(n) ? `coalesce(${alias}.${n}, 0)` : `${alias}.${n}`)]);
  const txTimes = new Set(["last_purchase_at", "gap_mean", "gap_sd"]);
  return [
    ["as_of", ts(asOf)],
    ...kept("tx", TX_CHURN_AGGREGATES, new Set(TX_CHURN_AGGREGATES.filter((n) => !txTimes.has(n)))),
    ...kept("ev_churn", CHURN_EVENT_AGGREGATES, new Set(CHURN_EVENT_AGGREGATES.filter((n) => !n.endsWith("_at")))),
    ...kept("rd", ["last_redemption_at", "redemptions_90d"], new Set(["redemptions_90d"])),
    ["btyd_x", sql`coalesce(stats.x, 0)`],
    ["btyd_tx", sql`stats.tx`],
    ["btyd_first_day", sql`stats.first_day`],
    ["btyd_mean_repeat_minor", sql`stats.mean_repeat_minor`],
    ["btyd_repeats_valued", sql`coalesce(stats.repeats_valued, 0)`],
  ];
}

/**
 * The CTEs behind member_churn_features, after featureCtes (whose `tx` they read): churnCtes and the BTYD
 * purchase days of the same members.
 */
export function churnInputCtes(window: ExtractionWindow): SQL {
  return sql`${churnCtes(window)}, ${purchaseDayCtes(window.asOf, sql``, factFilter(sql`t.member_id`, window.members))}`;
}

/** FROM clause for churnInputColumns, one row per member of `mem`. */
export const CHURN_INPUT_FROM = sql`mem
  LEFT JOIN tx ON tx.member_id = mem.member_id
  LEFT JOIN ev_churn ON ev_churn.member_id = mem.member_id
  LEFT JOIN rd ON rd.member_id = mem.member_id
  LEFT JOIN stats ON stats.member_id = mem.member_id`;

/** Days (fractional) from `from` to asOf. */
const daysTo = (asOf: Date, from: SQL) => sql`((date_part('epoch', ${ts(asOf)}) - date_part('epoch', ${from})) / 86400.0)::float8`;

/**
 * The churn model's features, by name, over mem JOIN tx (members with a receipt) LEFT JOIN ev_churn, rd.
 * The names are what lib/models/churn (REASON_RULES, CHURN_RFM_FEATURES) reads; definitions: docs/churn.md.
 * Money is in the program currency; NaN-to-be (SQL null) where a figure does not exist for the member.
 */
export function churnColumns(asOf: Date): Array<[string, SQL]> {
  const tenure = daysTo(asOf, sql`mem.joined_at`);
  const recency = daysTo(asOf, sql`tx.last_purchase_at`);
  const toSale = sql`((date_part('epoch', tx.last_purchase_at) - date_part('epoch', mem.joined_at)) / 86400.0)`;
  const salesBefore90d = sql`(tx.sales_in_currency - tx.sales_90d_in_currency)`;
  return [
    ["tenure_days", tenure],
    ["recency_days", recency],
    ["frequency", sql`tx.purchases::float8`],
    ["sales_per_30d", sql`(tx.purchases * 30.0 / greatest(${tenure}, 1))::float8`],
    ["interval_mean_days", sql`tx.gap_mean::float8`],
    ["interval_cv", sql`CASE WHEN tx.gaps >= 2 AND tx.gap_mean > 0 THEN tx.gap_sd / tx.gap_mean END::float8`],
    ["recency_ratio", sql`CASE WHEN tx.gap_mean > 0 THEN ${recency} / tx.gap_mean END::float8`],
    ["sales_90d", sql`tx.purchases_90d::float8`],
    ["sales_prev_90d", sql`tx.purchases_prev_90d::float8`],
    ["basket_mean", sql`CASE WHEN tx.sales_in_currency > 0 THEN tx.sales_minor / 100.0 / tx.sales_in_currency END::float8`],
    [
      "basket_90d_vs_before",
      sql`CASE WHEN tx.sales_90d_in_currency > 0 AND ${salesBefore90d} > 0 AND tx.sales_minor > tx.sales_90d_minor
        THEN (tx.sales_90d_minor::float8 / tx.sales_90d_in_currency) / ((tx.sales_minor - tx.sales_90d_minor)::float8 / ${salesBefore90d}) END`,
    ],
    ["return_share", sql`CASE WHEN tx.purchases > 0 THEN tx.returns::float8 / tx.purchases END`],
    ["discount_share", sql`(tx.discount_minor::float8 / nullif(tx.discount_minor + tx.sales_minor, 0))`],
    ["online_share", share("tx.purchases_online")],
    ["app_share", share("tx.purchases_app")],
    ["events_30d", sql`coalesce(ev_churn.events_30d, 0)::float8`],
    ["events_90d", sql`coalesce(ev_churn.events_90d, 0)::float8`],
    ["events_per_30d", sql`(coalesce(ev_churn.events, 0) * 30.0 / greatest(${tenure}, 1))::float8`],
    // The last 60 days' pace against the pace before them (members of at least 120 days).
    [
      "events_60d_vs_before",
      sql`CASE WHEN ${tenure} > 120 THEN ((coalesce(ev_churn.events_60d, 0) / 60.0)
        / nullif((coalesce(ev_churn.events, 0) - coalesce(ev_churn.events_60d, 0)) / (${tenure} - 60), 0))::float8 END`,
    ],
    ["days_since_event", daysTo(asOf, sql`ev_churn.last_event_at`)],
    ["app_opens_60d", sql`coalesce(ev_churn.app_opens_60d, 0)::float8`],
    ["days_since_app_open", daysTo(asOf, sql`ev_churn.last_app_open_at`)],
    ["email_opens_90d", sql`coalesce(ev_churn.email_opens_90d, 0)::float8`],
    // Engagement since the last purchase against the member's own pace up to it: near 0 once they stopped.
    [
      "events_since_sale_vs_usual",
      sql`CASE WHEN ev_churn.events_to_sale > 0 AND tx.last_purchase_at > mem.joined_at
        THEN (ev_churn.events_since_sale / (ev_churn.events_to_sale / greatest(${toSale}, 7) * greatest(${recency}, 1)))::float8 END`,
    ],
    // The 60 days before the last purchase against the same pace: engagement fades before members stop.
    [
      "events_before_sale_vs_usual",
      sql`CASE WHEN ev_churn.events_to_sale > 0 AND ${toSale} > 90
        THEN ((ev_churn.events_60d_to_sale / 60.0) / (ev_churn.events_to_sale / ${toSale}))::float8 END`,
    ],
    ["days_since_redemption", daysTo(asOf, sql`rd.last_redemption_at`)],
    ["redemptions_90d", sql`coalesce(rd.redemptions_90d, 0)::float8`],
  ];
}
