import type { RawSession } from "../client";
import type { CampaignTemplates } from "../../lib/campaigns/types";
import { CONTROL_SHARE, OFFER_VALID_DAYS, type GeneratedOffer, type PastCampaignPlan } from "./past-campaigns";

/** What the past campaigns' recipients add up to, per campaign, as their chunks are written. */
export interface CampaignTally {
  treated: Int32Array;
  control: Int32Array;
  spentMinor: Float64Array;
}

export function emptyTally(plan: PastCampaignPlan): CampaignTally {
  const n = plan.campaigns.length;
  return { treated: new Int32Array(n), control: new Int32Array(n), spentMinor: new Float64Array(n) };
}

const CHANNELS = "{email,in_app}";
const TEMPLATES: CampaignTemplates = {
  en: { subject: "{{offer}} for you, {{firstName}}", body: "Use code {{code}} in any of our shops or online until {{validUntil}}." },
};
const at = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** COPYs a chunk's campaign recipients and counts them into the tally. */
export async function writePastOffers(raw: RawSession, plan: PastCampaignPlan, offers: readonly GeneratedOffer[], tally: CampaignTally): Promise<number> {
  for (const o of offers) {
    if (o.variant < 0) tally.control[o.campaign] = (tally.control[o.campaign] ?? 0) + 1;
    else tally.treated[o.campaign] = (tally.treated[o.campaign] ?? 0) + 1;
    tally.spentMinor[o.campaign] = (tally.spentMinor[o.campaign] ?? 0) + (o.costMinor ?? 0);
  }
  return raw.copyIn(
    "campaign_recipients",
    ["campaign_id", "run_id", "member_id", "control", "variant_id", "code", "send_at", "valid_until", "redeemed_at", "cost_minor", "created_at"],
    offerRows(plan, offers),
  );
}

function* offerRows(plan: PastCampaignPlan, offers: readonly GeneratedOffer[]): Generator<readonly unknown[]> {
  for (const o of offers) {
    const campaign = plan.campaigns[o.campaign];
    if (!campaign) throw new Error(`no past campaign ${o.campaign}`);
    const treated = o.variant >= 0;
    const sendAt = new Date(campaign.sendAtMs);
    yield [
      campaign.id, campaign.runId, o.memberId, !treated, treated ? campaign.variants[o.variant]?.id : null, o.code, sendAt,
      treated ? new Date(campaign.validUntilMs) : null, at(o.redeemedAtMs), o.costMinor, sendAt,
    ];
  }
}

export interface PastCampaignCounts {
  rewards: number;
  campaigns: number;
  campaign_variants: number;
  campaign_runs: number;
}

/**
 * The program-level rows of the past campaigns, once every recipient is written (a run's counts and a
 * campaign's spending are known only then): the offers as active rewards of the default loyalty program
 * (marketers can send them again), completed campaigns (even allocation, no budget), their variants and runs.
 */
export async function writePastCampaigns(raw: RawSession, plan: PastCampaignPlan, tally: CampaignTally): Promise<PastCampaignCounts> {
  const [program] = await raw.query<{ id: string }>("select id from loyalty_programs where code = 'default'");
  if (!program) throw new Error("the default loyalty program is missing (migrations not applied?)");
  const rewards = await raw.copyIn(
    "rewards",
    ["id", "program_id", "name", "kind", "category_id", "value", "points_price", "cost_minor", "cost_currency", "voucher_days", "active"],
    plan.rewards.map((r) => [r.id, program.id, r.name, r.kind, r.categoryId, r.value, r.pointsPrice, r.costMinor, "EUR", OFFER_VALID_DAYS, true]),
  );
  const campaigns = await raw.copyIn(
    "campaigns",
    [
      "id", "name", "goal", "status", "control_percent", "currency", "spent_minor", "schedule", "send_time", "channels", "templates",
      "attribution_days", "allocation", "launched_at", "completed_at", "created_at", "updated_at",
    ],
    plan.campaigns.map((c, i) => {
      const completedAt = new Date(c.validUntilMs);
      return [
        c.id, c.name, c.goal, "completed", Math.round(CONTROL_SHARE * 100), "EUR", tally.spentMinor[i] ?? 0, "now", "fixed", CHANNELS, TEMPLATES,
        OFFER_VALID_DAYS, "even", new Date(c.sendAtMs), completedAt, new Date(c.sendAtMs), completedAt,
      ];
    }),
  );
  const campaignVariants = await raw.copyIn(
    "campaign_variants",
    ["id", "campaign_id", "position", "name", "reward_id", "valid_days", "created_at"],
    plan.campaigns.flatMap((c) => c.variants.map((v) => [v.id, c.id, v.position, v.reward.name, v.reward.id, OFFER_VALID_DAYS, new Date(c.sendAtMs)])),
  );
  const campaignRuns = await raw.copyIn(
    "campaign_runs",
    ["id", "campaign_id", "run_number", "started_at", "eligible", "treated", "control", "shares", "actor_kind", "created_at"],
    plan.campaigns.map((c, i) => {
      const treated = tally.treated[i] ?? 0;
      const control = tally.control[i] ?? 0;
      const shares = Object.fromEntries(c.variants.map((v) => [v.id, 1 / c.variants.length]));
      return [c.runId, c.id, 1, new Date(c.sendAtMs), treated + control, treated, control, shares, "system", new Date(c.sendAtMs)];
    }),
  );
  return { rewards, campaigns, campaign_variants: campaignVariants, campaign_runs: campaignRuns };
}
