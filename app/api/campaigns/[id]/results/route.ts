import { getDb } from "@/db";
import { encodeCsvRow } from "@/db/csv";
import { campaignResults, type GroupResult } from "@/db/queries/campaign-results";
import { getCampaign } from "@/db/queries/campaigns";
import { staffRoute } from "@/lib/auth/route";
import type { GroupComparison } from "@/lib/campaigns/lift";
import { csvDownload } from "@/lib/csv-download";
import { AppError } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

const HEADER = [
  "group",
  "variant_position",
  "variant_name",
  "winner",
  "members",
  "delivered",
  "redeemed",
  "redemption_rate",
  "redemption_rate_low",
  "redemption_rate_high",
  "revenue_per_member_minor",
  "incremental_revenue_minor",
  "incremental_revenue_low_minor",
  "incremental_revenue_high_minor",
  "lift",
  "lift_low",
  "lift_high",
  "roi",
  "cost_minor",
  "currency",
];

/** Rounded for a file people read: rates to 6 digits, minor units to 2 (revenue per member is a mean). */
const round = (value: number | null | undefined, digits: number) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

function groupRow(
  group: { kind: "variant" | "treated" | "control"; position: number | null; name: string | null; winner: boolean },
  result: GroupResult,
  comparison: GroupComparison | null,
  roi: number | null,
  currency: string,
): string {
  return encodeCsvRow([
    group.kind,
    group.position,
    group.name,
    group.kind === "variant" ? group.winner : null,
    result.n,
    group.kind === "control" ? null : result.delivered,
    group.kind === "control" ? null : result.redeemed,
    round(result.redemptionRate?.rate, 6),
    round(result.redemptionRate?.low, 6),
    round(result.redemptionRate?.high, 6),
    round(result.revenuePerMember, 2),
    round(comparison?.incremental, 2),
    round(comparison?.incrementalLow, 2),
    round(comparison?.incrementalHigh, 2),
    round(comparison?.lift, 6),
    round(comparison?.liftLow, 6),
    round(comparison?.liftHigh, 6),
    round(roi, 6),
    group.kind === "control" ? null : result.costMinor,
    currency,
  ]);
}

/**
 * GET /api/campaigns/<id>/results: the results table as CSV, one row per offer, one for all offers together
 * and one for the control group. Aggregates only (no member), so every role that sees the page may download it.
 */
export const GET = staffRoute("campaigns:view", async (_request, _viewer, context: Context) => {
  const { id } = await context.params;
  const db = await getDb();
  const campaign = await getCampaign(db, { id });
  if (!campaign) throw new AppError("not_found", "No such campaign.");
  const results = await campaignResults(db, { campaignId: campaign.id });
  const byId = new Map(results.variants.map((v) => [v.variantId, v]));
  const lines = [encodeCsvRow(HEADER)];
  for (const variant of campaign.variants) {
    const result = byId.get(variant.id);
    if (!result) continue;
    lines.push(groupRow({ kind: "variant", position: variant.position, name: variant.name, winner: campaign.winnerVariantId === variant.id }, result, result.comparison, result.roi, campaign.currency));
  }
  lines.push(groupRow({ kind: "treated", position: null, name: null, winner: false }, results.treated, results.comparison, results.roi, campaign.currency));
  lines.push(groupRow({ kind: "control", position: null, name: null, winner: false }, results.control, null, null, campaign.currency));
  async function* rows() {
    yield* lines;
  }
  const filename = `campaign-${campaign.name.replace(/[^\p{L}\p{N}_-]+/gu, "-").slice(0, 60) || campaign.id}-results.csv`;
  return csvDownload(rows(), filename);
});
