import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { compareGroups, rateInterval, roi, type GroupComparison, type GroupTotals } from "@/lib/campaigns/lift";
import type { Db } from "../client";
import { selectRows } from "../sql";
import { programTimeZone } from "./segments-rule";

export interface GroupResult extends GroupTotals {
  /** A variant's id, or null for the control group. */
  variantId: string | null;
  delivered: number;
  redeemed: number;
  redemptionRate: { rate: number; low: number; high: number } | null;
  transactions: number;
  costMinor: number;
  /** Revenue per member in the attribution window, minor units. */
  revenuePerMember: number;
}

export interface VariantResult extends GroupResult {
  /** Against the control group: Welch's 95% interval of the revenue difference, incremental revenue and lift. */
  comparison: GroupComparison | null;
  roi: number | null;
}

export interface CampaignResults {
  /** Recipients whose offer went out (or, for control members, would have) by `now`: the measured ones. */
  measured: number;
  treated: GroupResult;
  control: GroupResult;
  variants: VariantResult[];
  comparison: GroupComparison | null;
  /** (incremental revenue × margin - reward cost) / reward cost; null without cost. */
  roi: number | null;
  costMinor: number;
  marginPercent: number;
  attributionDays: number;
  /** Per day since launch: redemptions, and revenue per member of treated and control (program time zone). */
  daily: { day: string; redeemed: number; treatedRevenuePerMember: number; controlRevenuePerMember: number }[];
  /** The learning allocation over time: each update's share and probability of being best per variant. */
  allocations: { at: string; variantId: string; share: number; probabilityBest: number; alpha: number; beta: number }[];
}

interface GroupRow {
  variant_id: string | null;
  n: number;
  delivered: number;
  redeemed: number;
  cost: number;
  sum: number;
  sum_squares: number;
  transactions: number;
}

/** One group's figures; `offered` (a variant, or all treated members) gives it a redemption rate. */
function groupOf(row: GroupRow | undefined, variantId: string | null, offered = variantId !== null): GroupResult {
  const n = row?.n ?? 0;
  const sum = row?.sum ?? 0;
  return {
    variantId,
    n,
    sum,
    sumSquares: row?.sum_squares ?? 0,
    delivered: row?.delivered ?? 0,
    redeemed: row?.redeemed ?? 0,
    redemptionRate: offered ? rateInterval(row?.redeemed ?? 0, n) : null,
    transactions: row?.transactions ?? 0,
    costMinor: row?.cost ?? 0,
    revenuePerMember: n > 0 ? sum / n : 0,
  };
}

/**
 * The recipients measured by `now` (their offer went out, or for control members would have), each with the
 * end of their attribution window (capped at now) and the campaign's currency: `rec` in both queries below.
 */
function measuredRecipients(campaignId: string, now: Date): SQL {
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  return sql`SELECT r.id, r.member_id, r.control, r.variant_id, r.send_at, r.redeemed_at, r.cost_minor,
                    least(r.send_at + make_interval(days => c.attribution_days), ${nowTs}) AS window_end, c.currency
               FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
              WHERE r.campaign_id = ${campaignId}::uuid AND r.send_at <= ${nowTs}`;
}

/** A transaction `t` of recipient `rec` inside their attribution window, in the campaign's currency. */
const inAttributionWindow = sql`t.member_id = rec.member_id AND t.occurred_at >= rec.send_at AND t.occurred_at < rec.window_end AND t.currency = rec.currency`;

/**
 * A campaign's results: for each variant and for the control group, members, delivered, redeemed and
 * the redemption rate, and each member's net revenue (sales and returns, campaign currency) from the
 * moment their offer went out (control: would have) to the end of the attribution window or now. Treated
 * against control by Welch's interval (lib/campaigns/lift.ts), whose arithmetic is in its tests.
 */
export async function campaignResults(db: Db, params: { campaignId: string; now?: Date }): Promise<CampaignResults> {
  const now = params.now ?? new Date();
  const id = sql`${params.campaignId}::uuid`;
  const rows = await selectRows<GroupRow>(
    db,
    sql`WITH rec AS (${measuredRecipients(params.campaignId, now)}),
             revenue AS (
               SELECT rec.id, coalesce(sum(t.total_minor), 0)::float8 AS revenue, count(t.id) FILTER (WHERE t.kind = 'sale')::int AS transactions
                 FROM rec LEFT JOIN transactions t ON ${inAttributionWindow}
                GROUP BY rec.id)
        SELECT rec.variant_id, count(*)::int AS n,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM campaign_messages cm WHERE cm.recipient_id = rec.id AND cm.status = 'sent'))::int AS delivered,
               count(rec.redeemed_at)::int AS redeemed, coalesce(sum(rec.cost_minor), 0)::float8 AS cost,
               sum(revenue.revenue)::float8 AS sum, sum(revenue.revenue * revenue.revenue)::float8 AS sum_squares, sum(revenue.transactions)::int AS transactions
          FROM rec JOIN revenue ON revenue.id = rec.id GROUP BY rec.variant_id`,
  );
  const [campaign] = await selectRows<{ margin_percent: number; attribution_days: number }>(db, sql`SELECT margin_percent, attribution_days FROM campaigns WHERE id = ${id}`);
  const marginPercent = campaign?.margin_percent ?? 0;
  const variantIds = (await selectRows<{ id: string }>(db, sql`SELECT id FROM campaign_variants WHERE campaign_id = ${id} ORDER BY position`)).map((v) => v.id);
  const control = groupOf(rows.find((r) => r.variant_id === null), null);
  const variants: VariantResult[] = variantIds.map((variantId) => {
    const group = groupOf(rows.find((r) => r.variant_id === variantId), variantId);
    const comparison = compareGroups(group, control);
    return { ...group, comparison, roi: comparison ? roi({ incrementalRevenueMinor: comparison.incremental, marginPercent, costMinor: group.costMinor }) : null };
  });
  const treatedRows = rows.filter((r) => r.variant_id !== null);
  const sumOf = (key: keyof Omit<GroupRow, "variant_id">) => treatedRows.reduce((s, r) => s + r[key], 0);
  const treated = groupOf(
    { variant_id: null, n: sumOf("n"), delivered: sumOf("delivered"), redeemed: sumOf("redeemed"), cost: sumOf("cost"), sum: sumOf("sum"), sum_squares: sumOf("sum_squares"), transactions: sumOf("transactions") },
    null,
    true,
  );
  const comparison = compareGroups(treated, control);
  const costMinor = treated.costMinor;
  return {
    measured: treated.n + control.n,
    treated,
    control,
    variants,
    comparison,
    roi: comparison ? roi({ incrementalRevenueMinor: comparison.incremental, marginPercent, costMinor }) : null,
    costMinor,
    marginPercent,
    attributionDays: campaign?.attribution_days ?? 0,
    daily: await dailySeries(db, params.campaignId, now, { treated: treated.n, control: control.n }),
    allocations: await allocationHistory(db, params.campaignId),
  };
}

async function dailySeries(db: Db, campaignId: string, now: Date, sizes: { treated: number; control: number }): Promise<CampaignResults["daily"]> {
  if (sizes.treated + sizes.control === 0) return [];
  const tz = await programTimeZone(db);
  const rows = await selectRows<{ day: string; redeemed: number; treated_revenue: number; control_revenue: number }>(
    db,
    sql`WITH rec AS (${measuredRecipients(campaignId, now)}),
        revenue AS (
          SELECT (t.occurred_at AT TIME ZONE ${tz})::date AS day, sum(t.total_minor) FILTER (WHERE NOT rec.control)::float8 AS treated_revenue,
                 sum(t.total_minor) FILTER (WHERE rec.control)::float8 AS control_revenue
            FROM rec JOIN transactions t ON ${inAttributionWindow}
           GROUP BY 1),
        redeemed AS (SELECT (redeemed_at AT TIME ZONE ${tz})::date AS day, count(*)::int AS redeemed FROM rec WHERE redeemed_at IS NOT NULL GROUP BY 1)
        SELECT to_char(coalesce(revenue.day, redeemed.day), 'YYYY-MM-DD') AS day, coalesce(redeemed.redeemed, 0)::int AS redeemed,
               coalesce(revenue.treated_revenue, 0)::float8 AS treated_revenue, coalesce(revenue.control_revenue, 0)::float8 AS control_revenue
          FROM revenue FULL JOIN redeemed ON redeemed.day = revenue.day ORDER BY 1`,
  );
  return rows.map((r) => ({
    day: r.day,
    redeemed: r.redeemed,
    treatedRevenuePerMember: sizes.treated > 0 ? r.treated_revenue / sizes.treated : 0,
    controlRevenuePerMember: sizes.control > 0 ? r.control_revenue / sizes.control : 0,
  }));
}

async function allocationHistory(db: Db, campaignId: string): Promise<CampaignResults["allocations"]> {
  const rows = await selectRows<{ at_ms: number; variant_id: string; share: number; probability_best: number; alpha: number; beta: number }>(
    db,
    sql`SELECT (extract(epoch FROM at) * 1000)::float8 AS at_ms, variant_id, share, probability_best, alpha, beta
          FROM campaign_allocations WHERE campaign_id = ${campaignId}::uuid ORDER BY at, variant_id`,
  );
  return rows.map((r) => ({ at: new Date(r.at_ms).toISOString(), variantId: r.variant_id, share: r.share, probabilityBest: r.probability_best, alpha: r.alpha, beta: r.beta }));
}
