import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { prepareRule, programTimeZone } from "@/db/queries/segments-rule";
import type { CampaignChannel, campaigns } from "@/db/schema/campaigns";
import type { ConsentPurpose } from "@/db/schema/privacy";
import { unitFromHex } from "@/db/sql";
import { hasConsent } from "@/lib/privacy/consent";

type Campaign = typeof campaigns.$inferSelect;

/**
 * The consent each channel needs. A webhook hands the offer to an outside push or SMS system, so it
 * counts as a push message (docs/campaigns.md, "Channels and consent").
 */
export const CHANNEL_PURPOSE: Record<CampaignChannel, ConsentPurpose> = {
  email: "marketing_email",
  in_app: "marketing_in_app",
  webhook: "marketing_push",
};

/** The member `m` can be reached on `channel`: consent for it, and an address where one is needed. */
export function reachableOn(channel: CampaignChannel): SQL {
  const consent = hasConsent(CHANNEL_PURPOSE[channel], sql`m.id`);
  return channel === "email" ? sql`(${consent} AND m.email IS NOT NULL)` : consent;
}

/**
 * A uniform number in [0, 1) from md5 of the given texts: random across members, and the same every time
 * for the same member and campaign. Control membership uses (campaign, member), so a member held out stays
 * held out in every run of a recurring campaign, and other draws use other salts, so they are independent.
 */
export function stableUniform(...parts: SQL[]): SQL {
  return unitFromHex(sql`md5(${sql.join(parts, sql` || ':' || `)})`);
}

export const controlDraw = (campaignId: string): SQL => stableUniform(sql`${campaignId}::text`, sql`m.id::text`);
export const capacityDraw = (campaignId: string): SQL => stableUniform(sql`'capacity'`, sql`${campaignId}::text`, sql`m.id::text`);

/**
 * The members a run of the campaign may reach, before the split into treated and control: active, in the
 * segment (live rule, or the stored list), ranked by a prediction when asked, reachable on at least one of
 * the campaign's channels, and outside the exclusions: recent recipients of any campaign, other campaigns'
 * control groups still being measured, and members at the frequency cap. Columns: member_id, locale,
 * control (bool), capacity_draw (random order used to honour max recipients), send_at, and reach_<channel>
 * (bool) for each of the campaign's channels.
 */
export async function eligibleMembersSql(db: Db, campaign: Campaign, now: Date): Promise<SQL> {
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const conditions: SQL[] = [sql`f.status = 'active'`, sql`m.status = 'active'`];
  if (campaign.segmentId) conditions.push((await prepareRule(db, { segment: campaign.segmentId }, { now })).condition);

  if (campaign.excludeRecentDays) {
    conditions.push(sql`NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.member_id = m.id AND NOT r.control
      AND r.send_at > ${nowTs} - make_interval(days => ${campaign.excludeRecentDays}::int))`);
  }
  if (campaign.excludeOtherControls) {
    conditions.push(sql`NOT EXISTS (SELECT 1 FROM campaign_recipients r JOIN campaigns oc ON oc.id = r.campaign_id
      WHERE r.member_id = m.id AND r.control AND r.campaign_id <> ${campaign.id}::uuid
        AND oc.status IN ('running', 'paused', 'scheduled') AND r.send_at + make_interval(days => oc.attribution_days) > ${nowTs})`);
  }
  if (campaign.capOffers && campaign.capDays) {
    // Offers already planned count too (send_at in the future): a cap is about what the member receives.
    conditions.push(sql`(SELECT count(*) FROM campaign_recipients r WHERE r.member_id = m.id AND NOT r.control
      AND r.send_at > ${nowTs} - make_interval(days => ${campaign.capDays}::int)) < ${campaign.capOffers}::int`);
  }
  const score = campaign.modelScore
    ? sql.raw({ churn_risk: "p.churn_risk", clv: "p.clv_minor", redemption_propensity: "p.redemption_propensity" }[campaign.modelScore])
    : null;
  if (score && campaign.modelThreshold !== null) conditions.push(sql`${score} >= ${campaign.modelThreshold}::float8`);
  if (score) conditions.push(sql`${score} IS NOT NULL`);
  const sendAt = await sendAtSql(db, campaign, now);
  // Top N among the reachable members: ranked outside, after the channel filter.
  const order = score && campaign.modelTopN ? sql`ORDER BY score DESC, member_id LIMIT ${campaign.modelTopN}::int` : sql``;
  // Reachability per channel is computed once here and carried to the outbox rows (launch.ts).
  const reach = campaign.channels.map((channel) => sql`${reachableOn(channel)} AS ${sql.raw(`reach_${channel}`)}`);
  return sql`SELECT * FROM (
               SELECT m.id AS member_id, m.locale, ${controlDraw(campaign.id)} < ${campaign.controlPercent / 100}::float8 AS control,
                      ${capacityDraw(campaign.id)} AS capacity_draw, ${sendAt} AS send_at, ${score ?? sql`NULL::float8`} AS score, ${sql.join(reach, sql`, `)}
                 FROM member_features f JOIN members m ON m.id = f.member_id
                 ${score ? sql`JOIN member_predictions p ON p.member_id = m.id` : sql``}
                WHERE ${sql.join(conditions, sql` AND `)}) audience
             WHERE ${sql.join(campaign.channels.map((channel) => sql.raw(`reach_${channel}`)), sql` OR `)} ${order}`;
}

/**
 * When each member's offer goes out: at the run's time, or at their usual weekday and hour (mode of their
 * purchases, member_features) next to come in the program's time zone; members without a usual time get
 * the run's time.
 */
async function sendAtSql(db: Db, campaign: Campaign, now: Date): Promise<SQL> {
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  if (campaign.sendTime === "fixed") return nowTs;
  const tz = await programTimeZone(db);
  const local = sql`(${nowTs} AT TIME ZONE ${tz})`;
  const candidate = sql`(date_trunc('day', ${local}) + make_interval(days => ((f.usual_weekday - extract(isodow FROM ${local})::int + 7) % 7)::int, hours => f.usual_hour::int))`;
  return sql`CASE WHEN f.usual_hour IS NULL OR f.usual_weekday IS NULL THEN ${nowTs}
                  WHEN ${candidate} > ${local} THEN ${candidate} AT TIME ZONE ${tz}
                  ELSE (${candidate} + interval '7 days') AT TIME ZONE ${tz} END`;
}

/**
 * The eligible members split and capped: control by the stable draw; with max recipients, the treated
 * members first in a random order up to the maximum, and as many control members as keep the control
 * share (both cut by the same draw, so the two groups stay alike).
 */
export function cappedAudienceSql(eligible: SQL, campaign: Campaign): SQL {
  if (!campaign.maxRecipients) return eligible;
  const share = campaign.controlPercent / 100;
  const controlMax = Math.ceil((campaign.maxRecipients * share) / (1 - share));
  return sql`SELECT * FROM (
               SELECT e.*, row_number() OVER (PARTITION BY control ORDER BY capacity_draw, member_id) AS n FROM (${eligible}) e) ranked
             WHERE n <= CASE WHEN control THEN ${controlMax}::int ELSE ${campaign.maxRecipients}::int END`;
}
