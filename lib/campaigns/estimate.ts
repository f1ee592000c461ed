import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { campaignProgram } from "@/db/queries/campaigns";
import { campaigns, campaignVariants, rewards } from "@/db/schema";
import { selectInteractiveRows, selectRows } from "@/db/sql";
import { AppError } from "@/lib/errors";
import { cappedAudienceSql, eligibleMembersSql } from "./audience";
import { maximumCostMinor } from "./launch";

/** Used for the expected cost until the program has this many offers sent to learn its own rate from. */
export const ASSUMED_REDEMPTION_RATE = 0.1;
const OWN_RATE_MIN_OFFERS = 200;

export interface CampaignEstimate {
  /** Members the run may reach now, before max recipients and the split. */
  eligible: number;
  treated: number;
  control: number;
  /** The dearest and the mean cost of one redeemed offer among the variants. */
  dearestOfferMinor: number;
  meanOfferMinor: number;
  /** The redemption rate the expected cost assumes, and whether it is the program's own (past campaigns). */
  expectedRate: number;
  rateIsProgramHistory: boolean;
  expectedCostMinor: number;
  /** Budget, else every treated member redeeming the dearest offer. */
  maximumCostMinor: number;
  approvalThresholdMinor: number;
  approvalRequired: boolean;
}

/**
 * What launching now would do, counted by the launch's own audience query (so the figures shown are the
 * ones a launch writes, until members' data move): audience, control and treated sizes, and the cost.
 */
export async function estimateCampaign(db: Db, params: { campaignId: string; now?: Date }): Promise<CampaignEstimate> {
  const now = params.now ?? new Date();
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, params.campaignId));
  if (!campaign) throw new AppError("not_found", "No such campaign.");
  const eligible = await eligibleMembersSql(db, campaign, now);
  // Eligible members before max recipients cuts them, and the run's split after it, from one scan.
  const [sizes] = await selectInteractiveRows<{ eligible: number; treated: number; control: number }>(
    db,
    sql`WITH e AS MATERIALIZED (${eligible})
        SELECT (SELECT count(*)::int FROM e) AS eligible, count(*) FILTER (WHERE NOT control)::int AS treated, count(*) FILTER (WHERE control)::int AS control
          FROM (${cappedAudienceSql(sql`SELECT * FROM e`, campaign)}) a`,
  );
  const costs = await db
    .select({ cost: rewards.costMinor })
    .from(campaignVariants)
    .innerJoin(rewards, eq(rewards.id, campaignVariants.rewardId))
    .where(eq(campaignVariants.campaignId, campaign.id));
  const dearest = Math.max(0, ...costs.map((c) => c.cost));
  const mean = costs.length > 0 ? costs.reduce((s, c) => s + c.cost, 0) / costs.length : 0;
  const [history] = await selectRows<{ sent: number; redeemed: number }>(
    db,
    sql`SELECT count(*)::int AS sent, count(redeemed_at)::int AS redeemed FROM campaign_recipients WHERE NOT control AND send_at <= ${now.toISOString()}::timestamptz`,
  );
  const own = history && history.sent >= OWN_RATE_MIN_OFFERS;
  const expectedRate = own ? history.redeemed / history.sent : ASSUMED_REDEMPTION_RATE;
  const treated = sizes?.treated ?? 0;
  const control = sizes?.control ?? 0;
  const maximum = maximumCostMinor(campaign, treated, dearest);
  const { approvalMinor } = await campaignProgram(db);
  return {
    eligible: sizes?.eligible ?? 0,
    treated,
    control,
    dearestOfferMinor: dearest,
    meanOfferMinor: Math.round(mean),
    expectedRate,
    rateIsProgramHistory: Boolean(own),
    expectedCostMinor: Math.min(maximum, Math.round(treated * mean * expectedRate)),
    maximumCostMinor: maximum,
    approvalThresholdMinor: approvalMinor,
    approvalRequired: maximum > approvalMinor,
  };
}
