import "server-only";
import { sql } from "drizzle-orm";
import { matrixFromRecords, type FeatureMatrix } from "@/lib/models/matrix";
import type { Db } from "../client";
import { selectRows } from "../sql";
import type { CutoffSet } from "@/lib/models/churn/backtest";
import { joinLabels } from "@/lib/models/churn/dataset";
import { churnLabels, eligibleMembers } from "./churn-labels";

/**
 * TEST SUPPORT ONLY — a minimal point-in-time feature extraction so the churn backtest can run end to end
 * (tests and `npm run models:evaluate`) before the shared member-feature extraction of the segmentation work
 * (`db/queries/features/`, `extractMemberFeatures(db, { asOf })`) is merged. At merge, the lead replaces
 * every use of this file with that extraction (plus the BTYD outputs) and deletes it: the product must have
 * one extraction, not two. The names below are what lib/models/churn/reasons.ts understands; the shared
 * extraction should provide the same signals (see docs/churn.md, "Features").
 *
 * Everything is read strictly before `asOf`: rows at or after it never change a feature (tested).
 */
export const TEST_SUPPORT_FEATURES = [
  "tenure_days",
  "recency_days",
  "frequency",
  "sales_per_30d",
  "interval_mean_days",
  "recency_ratio",
  "sales_90d",
  "sales_prev_90d",
  "basket_mean",
  "basket_90d_vs_before",
  "return_share",
  "discount_share",
  "online_share",
  "app_share",
  "events_30d",
  "events_90d",
  "events_per_30d",
  "events_60d_vs_before",
  "days_since_event",
  "app_opens_60d",
  "days_since_app_open",
  "email_opens_90d",
  "events_since_sale_vs_usual",
  "events_before_sale_vs_usual",
] as const;

export interface TestSupportFeatures {
  memberIds: string[];
  features: FeatureMatrix;
}

export async function extractChurnFeaturesForTests(db: Db, params: { asOf: Date; memberIds?: readonly string[] }): Promise<TestSupportFeatures> {
  const at = sql`${params.asOf.toISOString()}::timestamptz`;
  const days = (interval: ReturnType<typeof sql>) => sql`(extract(epoch from ${interval}) / 86400.0)::float8`;
  const rows = await selectRows<Record<string, unknown> & { member_id: string }>(
    db,
    sql`with eligible as (${eligibleMembers(params.asOf, params.memberIds)}),
      tx as (
        select t.member_id,
          count(*) filter (where t.kind = 'sale') as sales,
          min(t.occurred_at) filter (where t.kind = 'sale') as first_sale,
          max(t.occurred_at) filter (where t.kind = 'sale') as last_sale,
          avg(t.total_minor) filter (where t.kind = 'sale') as basket,
          count(*) filter (where t.kind = 'sale' and t.occurred_at >= ${at} - interval '90 days') as sales_90d,
          count(*) filter (where t.kind = 'sale' and t.occurred_at >= ${at} - interval '180 days' and t.occurred_at < ${at} - interval '90 days') as sales_prev_90d,
          avg(t.total_minor) filter (where t.kind = 'sale' and t.occurred_at >= ${at} - interval '90 days') as basket_90d,
          avg(t.total_minor) filter (where t.kind = 'sale' and t.occurred_at < ${at} - interval '90 days') as basket_before,
          count(*) filter (where t.kind = 'return') as returns,
          sum(t.discount_minor) filter (where t.kind = 'sale') as discount,
          sum(t.total_minor) filter (where t.kind = 'sale') as paid,
          count(*) filter (where t.kind = 'sale' and t.channel = 'online') as online,
          count(*) filter (where t.kind = 'sale' and t.channel = 'app') as app
        from transactions t join eligible e on e.id = t.member_id
        where t.occurred_at < ${at}
        group by t.member_id
      ),
      ev as (
        select v.member_id,
          count(*) filter (where v.occurred_at > tx.last_sale) as events_since_sale,
          count(*) filter (where v.occurred_at <= tx.last_sale) as events_to_sale,
          count(*) filter (where v.occurred_at <= tx.last_sale and v.occurred_at > tx.last_sale - interval '60 days') as events_60d_to_sale,
          count(*) as events,
          count(*) filter (where v.occurred_at >= ${at} - interval '30 days') as events_30d,
          count(*) filter (where v.occurred_at >= ${at} - interval '60 days') as events_60d,
          count(*) filter (where v.occurred_at >= ${at} - interval '90 days') as events_90d,
          max(v.occurred_at) as last_event,
          count(*) filter (where v.type = 'app_open' and v.occurred_at >= ${at} - interval '60 days') as app_opens_60d,
          max(v.occurred_at) filter (where v.type = 'app_open') as last_app_open,
          count(*) filter (where v.type = 'email_open' and v.occurred_at >= ${at} - interval '90 days') as email_opens_90d
        from engagement_events v join tx on tx.member_id = v.member_id
        where v.occurred_at < ${at}
        group by v.member_id
      )
      select e.id as member_id,
        ${days(sql`${at} - e.joined_at`)} as tenure_days,
        ${days(sql`${at} - tx.last_sale`)} as recency_days,
        tx.sales::float8 as frequency,
        (tx.sales * 30.0 / greatest(${days(sql`${at} - e.joined_at`)}, 1))::float8 as sales_per_30d,
        case when tx.sales > 1 then ${days(sql`tx.last_sale - tx.first_sale`)} / (tx.sales - 1) end as interval_mean_days,
        case when tx.sales > 1 and tx.last_sale > tx.first_sale
          then ${days(sql`${at} - tx.last_sale`)} / (${days(sql`tx.last_sale - tx.first_sale`)} / (tx.sales - 1)) end as recency_ratio,
        tx.sales_90d::float8 as sales_90d,
        tx.sales_prev_90d::float8 as sales_prev_90d,
        (tx.basket / 100.0)::float8 as basket_mean,
        (tx.basket_90d / nullif(tx.basket_before, 0))::float8 as basket_90d_vs_before,
        (tx.returns::float8 / tx.sales) as return_share,
        (tx.discount::float8 / nullif(tx.discount + tx.paid, 0)) as discount_share,
        (tx.online::float8 / tx.sales) as online_share,
        (tx.app::float8 / tx.sales) as app_share,
        coalesce(ev.events_30d, 0)::float8 as events_30d,
        coalesce(ev.events_90d, 0)::float8 as events_90d,
        (coalesce(ev.events, 0) * 30.0 / greatest(${days(sql`${at} - e.joined_at`)}, 1))::float8 as events_per_30d,
        case when ${days(sql`${at} - e.joined_at`)} > 120
          then ((coalesce(ev.events_60d, 0) / 60.0)
                / nullif((coalesce(ev.events, 0) - coalesce(ev.events_60d, 0)) / (${days(sql`${at} - e.joined_at`)} - 60), 0))::float8 end as events_60d_vs_before,
        ${days(sql`${at} - ev.last_event`)} as days_since_event,
        coalesce(ev.app_opens_60d, 0)::float8 as app_opens_60d,
        ${days(sql`${at} - ev.last_app_open`)} as days_since_app_open,
        coalesce(ev.email_opens_90d, 0)::float8 as email_opens_90d,
        -- Engagement since the last purchase against the member's own pace up to it: near 0 once they stopped.
        case when ev.events_to_sale > 0 and tx.last_sale > e.joined_at then
          (ev.events_since_sale / (ev.events_to_sale / greatest(${days(sql`tx.last_sale - e.joined_at`)}, 7) * greatest(${days(sql`${at} - tx.last_sale`)}, 1)))::float8 end
          as events_since_sale_vs_usual,
        -- The 60 days before the last purchase against the same pace: engagement fades before members stop.
        case when ev.events_to_sale > 0 and ${days(sql`tx.last_sale - e.joined_at`)} > 90 then
          ((ev.events_60d_to_sale / 60.0) / (ev.events_to_sale / ${days(sql`tx.last_sale - e.joined_at`)}))::float8 end
          as events_before_sale_vs_usual
      from eligible e
      join tx on tx.member_id = e.id
      left join ev on ev.member_id = e.id
      order by e.id`,
  );
  return { memberIds: rows.map((r) => r.member_id), features: matrixFromRecords(rows, TEST_SUPPORT_FEATURES) };
}

/**
 * Features and labels of one cutoff, joined: what the backtest takes per cutoff. The one place the
 * script and the tests build it, so the merge swaps the extraction here only.
 */
export async function cutoffSetForTests(
  db: Db,
  params: { cutoff: Date; horizonDays: number; memberIds: readonly string[]; observedUntil: Date },
): Promise<CutoffSet> {
  const features = await extractChurnFeaturesForTests(db, { asOf: params.cutoff, memberIds: params.memberIds });
  const labels = await churnLabels(db, params);
  return { ...joinLabels(features, labels), cutoff: params.cutoff };
}
