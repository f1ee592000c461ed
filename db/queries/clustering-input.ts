import "server-only";
import { sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";
import type { MemberBehaviour } from "@/lib/models/clustering/features";
import type { Db } from "../client";
import { escapeLike, selectRows } from "../sql";
import { storeCondition } from "./scope";

/*
 * The clustering model's input computed straight from receipts, lines and events. This file is the one
 * place to swap for the member features table once it lands: its rows carry the same figures.
 */

export interface ClusteringInputParams {
  scope: Scope;
  /** Figures are as of this moment: later receipts and events are ignored, and "last 90 days" ends here. */
  asOf: Date;
  /** Only members whose member number starts with this (a tagged demo run in tests); all members without it. */
  externalIdPrefix?: string;
}

interface Raw {
  member_id: string;
  tenure_days: number;
  age_years: number | null;
  sales: number;
  recency_days: number | null;
  net_spend: number;
  sales_spend: number;
  items_per_sale: number;
  weekend_sales: number;
  pos_sales: number;
  online_sales: number;
  app_sales: number;
  spend_last90: number;
  spend_prior90: number;
  sale_lines: number;
  discounted_lines: number;
  category_spend: string | null;
  app_events: number;
  web_events: number;
  email_events: number;
  social_events: number;
}

/** Every member in scope (erased members excluded), with or without purchases, ordered by id. */
export async function loadClusteringInput(db: Db, params: ClusteringInputParams): Promise<MemberBehaviour[]> {
  const asOf = params.asOf.toISOString();
  const prefix = params.externalIdPrefix === undefined ? null : `${escapeLike(params.externalIdPrefix)}%`;
  const rows = await selectRows<Raw>(
    db,
    sql`WITH m AS (
      -- A member's weekend is the weekend where they live: their home store's zone, else the program's.
      SELECT m.id, m.joined_at, m.birth_date, coalesce(hs.timezone, sales_daily_tz()) AS tz
      FROM members m LEFT JOIN stores hs ON hs.id = m.home_store_id
      WHERE m.status <> 'erased' AND ${storeCondition(sql`m.home_store_id`, params.scope)}
        AND (${prefix}::text IS NULL OR m.external_id LIKE ${prefix}::text)
    ), sales AS (
      SELECT t.id, t.member_id, t.channel, t.occurred_at, t.total_minor, t.item_count, m.tz
      FROM m JOIN transactions t ON t.member_id = m.id
      WHERE t.kind = 'sale' AND t.occurred_at < ${asOf}::timestamptz
    ), per_member AS (
      SELECT member_id, count(*)::int AS sales, max(occurred_at) AS last_sale, sum(total_minor)::float8 AS sales_spend,
        avg(item_count)::float8 AS items_per_sale,
        count(*) FILTER (WHERE extract(isodow FROM occurred_at AT TIME ZONE tz) >= 6)::int AS weekend_sales,
        count(*) FILTER (WHERE channel = 'pos')::int AS pos_sales,
        count(*) FILTER (WHERE channel = 'online')::int AS online_sales,
        count(*) FILTER (WHERE channel = 'app')::int AS app_sales,
        coalesce(sum(total_minor) FILTER (WHERE occurred_at >= ${asOf}::timestamptz - interval '90 days'), 0)::float8 AS spend_last90,
        coalesce(sum(total_minor) FILTER (WHERE occurred_at >= ${asOf}::timestamptz - interval '180 days'
          AND occurred_at < ${asOf}::timestamptz - interval '90 days'), 0)::float8 AS spend_prior90
      FROM sales GROUP BY member_id
    ), returns AS (
      SELECT t.member_id, sum(t.total_minor)::float8 AS returned
      FROM m JOIN transactions t ON t.member_id = m.id
      WHERE t.kind = 'return' AND t.occurred_at < ${asOf}::timestamptz GROUP BY t.member_id
    ), line_totals AS (
      SELECT s.member_id, c.code, count(*)::int AS lines, count(*) FILTER (WHERE l.discount_minor > 0)::int AS discounted,
        sum(l.amount_minor)::float8 AS amount
      FROM sales s JOIN transaction_lines l ON l.transaction_id = s.id LEFT JOIN categories c ON c.id = l.category_id
      GROUP BY s.member_id, c.code
    ), lines AS (
      SELECT member_id, sum(lines)::int AS sale_lines, sum(discounted)::int AS discounted_lines,
        (json_object_agg(code, amount) FILTER (WHERE code IS NOT NULL))::text AS category_spend
      FROM line_totals GROUP BY member_id
    ), events AS (
      SELECT e.member_id,
        count(*) FILTER (WHERE e.channel = 'app')::int AS app_events,
        count(*) FILTER (WHERE e.channel = 'web')::int AS web_events,
        count(*) FILTER (WHERE e.channel = 'email')::int AS email_events,
        count(*) FILTER (WHERE e.channel = 'social')::int AS social_events
      FROM m JOIN engagement_events e ON e.member_id = m.id
      WHERE e.occurred_at < ${asOf}::timestamptz GROUP BY e.member_id
    )
    SELECT m.id AS member_id,
      (extract(epoch FROM ${asOf}::timestamptz - m.joined_at) / 86400)::float8 AS tenure_days,
      extract(year FROM age(${asOf}::timestamptz, m.birth_date::timestamptz))::int AS age_years,
      coalesce(p.sales, 0) AS sales,
      (extract(epoch FROM ${asOf}::timestamptz - p.last_sale) / 86400)::float8 AS recency_days,
      (coalesce(p.sales_spend, 0) + coalesce(r.returned, 0))::float8 AS net_spend,
      coalesce(p.sales_spend, 0) AS sales_spend, coalesce(p.items_per_sale, 0) AS items_per_sale,
      coalesce(p.weekend_sales, 0) AS weekend_sales, coalesce(p.pos_sales, 0) AS pos_sales,
      coalesce(p.online_sales, 0) AS online_sales, coalesce(p.app_sales, 0) AS app_sales,
      coalesce(p.spend_last90, 0) AS spend_last90, coalesce(p.spend_prior90, 0) AS spend_prior90,
      coalesce(l.sale_lines, 0) AS sale_lines, coalesce(l.discounted_lines, 0) AS discounted_lines, l.category_spend,
      coalesce(e.app_events, 0) AS app_events, coalesce(e.web_events, 0) AS web_events,
      coalesce(e.email_events, 0) AS email_events, coalesce(e.social_events, 0) AS social_events
    FROM m LEFT JOIN per_member p ON p.member_id = m.id LEFT JOIN returns r ON r.member_id = m.id
      LEFT JOIN lines l ON l.member_id = m.id LEFT JOIN events e ON e.member_id = m.id
    ORDER BY m.id`,
  );
  return rows.map((r) => ({
    memberId: r.member_id,
    tenureDays: Number(r.tenure_days),
    ageYears: r.age_years === null ? null : Number(r.age_years),
    sales: Number(r.sales),
    recencyDays: r.recency_days === null ? null : Number(r.recency_days),
    netSpendMinor: Number(r.net_spend),
    salesSpendMinor: Number(r.sales_spend),
    itemsPerSale: Number(r.items_per_sale),
    weekendSales: Number(r.weekend_sales),
    posSales: Number(r.pos_sales),
    onlineSales: Number(r.online_sales),
    appSales: Number(r.app_sales),
    spendLast90Minor: Number(r.spend_last90),
    spendPrior90Minor: Number(r.spend_prior90),
    saleLines: Number(r.sale_lines),
    discountedLines: Number(r.discounted_lines),
    categorySpendMinor: r.category_spend ? (JSON.parse(r.category_spend) as Record<string, number>) : {},
    events: { app: Number(r.app_events), web: Number(r.web_events), email: Number(r.email_events), social: Number(r.social_events) },
  }));
}

/** Category codes and names, for naming clusters by category. */
export async function listCategories(db: Db, codePrefix?: string): Promise<{ code: string; name: string }[]> {
  const prefix = codePrefix === undefined ? null : `${escapeLike(codePrefix)}%`;
  return selectRows<{ code: string; name: string }>(
    db,
    sql`SELECT code, name FROM categories WHERE ${prefix}::text IS NULL OR code LIKE ${prefix}::text ORDER BY code`,
  );
}
