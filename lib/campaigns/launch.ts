import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/db/queries/audit";
import { campaignProgram, lockCampaign } from "@/db/queries/campaigns";
import { campaignRuns, campaigns, campaignVariants, rewards } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { AppError } from "@/lib/errors";
import { DAY_MS } from "@/lib/time";
import { variantShares } from "./allocation";
import { cappedAudienceSql, eligibleMembersSql, stableUniform } from "./audience";
import { personalAudience } from "./personalize";
import { estimateCampaign } from "./estimate";

type Campaign = typeof campaigns.$inferSelect;

/**
 * Launches are serialized by one transaction-scoped advisory lock: a frequency cap across campaigns reads
 * what other runs wrote, so two runs reaching the same members at once could each see the member below
 * the cap. A run of 100,000 members holds it for a few seconds (npm run bench, "campaigns").
 */
const LAUNCH_LOCK = 0x6c61756e; // "laun"

export interface RunOutcome {
  runId: string;
  runNumber: number;
  eligible: number;
  treated: number;
  control: number;
  messages: number;
  shares: Record<string, number>;
}

/** The variant each treated member gets: a stable draw per run and member, cut at the shares' running sums. */
function variantChoice(runId: string, variantIds: readonly string[], shares: Record<string, number>) {
  if (variantIds.length === 1) return sql`${variantIds[0]!}::uuid`;
  const draw = stableUniform(sql`'variant'`, sql`${runId}::text`, sql`a.member_id::text`);
  let cumulative = 0;
  const cases = variantIds.slice(0, -1).map((id) => {
    cumulative += shares[id] ?? 0;
    return sql`WHEN ${draw} < ${cumulative}::float8 THEN ${id}::uuid`;
  });
  return sql`CASE ${sql.join(cases, sql` `)} ELSE ${variantIds[variantIds.length - 1]!}::uuid END`;
}

/**
 * One run: selects the audience, splits it, writes every recipient (treated with an offer code and
 * validity, control with nothing) and the outbox messages for each treated member's consented channels, in
 * one transaction. Codes are 15 hex digits of gen_random_uuid (a CSPRNG; the version nibble left out): 60
 * bits, made in the INSERT so 100,000 codes take no round trips.
 */
export async function executeRun(tx: Db, campaign: Campaign, params: { actor: AuditActor; now: Date }): Promise<RunOutcome> {
  const started = Date.now();
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${LAUNCH_LOCK})`);
  // The audience's consent subplans inflate its estimated cost past jit_above_cost, and compiling took
  // longer than it saved (about 0.9 s of a 1.5 s audience at 200k members, EXPLAIN ANALYZE).
  await tx.execute(sql`SET LOCAL jit = off`);
  // The random order of max recipients sorts the whole audience: in memory, not in 4 MB runs on disk.
  await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
  const variants = await tx
    .select({ id: campaignVariants.id, validDays: campaignVariants.validDays, costMinor: rewards.costMinor })
    .from(campaignVariants)
    .innerJoin(rewards, eq(rewards.id, campaignVariants.rewardId))
    .where(eq(campaignVariants.campaignId, campaign.id))
    .orderBy(asc(campaignVariants.position));
  if (variants.length === 0) throw new AppError("invalid_input", "The campaign has no offer.", { variants: ["Add at least one offer."] });
  const shares = await variantShares(tx, campaign, variants.map((v) => v.id), params.now);
  const [{ n: previousRuns } = { n: 0 }] = await selectRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM campaign_runs WHERE campaign_id = ${campaign.id}`);
  const [run] = await tx
    .insert(campaignRuns)
    .values({
      campaignId: campaign.id,
      runNumber: previousRuns + 1,
      startedAt: params.now,
      eligible: 0,
      treated: 0,
      control: 0,
      shares,
      actorKind: params.actor.kind,
      actorId: params.actor.kind === "system" ? null : params.actor.id,
    })
    .returning({ id: campaignRuns.id, runNumber: campaignRuns.runNumber });
  const runId = run!.id;
  const eligible = await eligibleMembersSql(tx, campaign, params.now);
  const draw = variantChoice(runId, variants.map((v) => v.id), shares);
  const { audience, choice } =
    campaign.personalized && variants.length > 1
      ? await personalAudience(tx, { campaign, audience: cappedAudienceSql(eligible, campaign), draw, now: params.now })
      : { audience: cappedAudienceSql(eligible, campaign), choice: draw };
  const validDays = sql`CASE variant_id ${sql.join(variants.map((v) => sql`WHEN ${v.id}::uuid THEN ${v.validDays}::int`), sql` `)} END`;
  // One uuid per offer, drawn in the target list of the materialized CTE `chosen` (once per row; a LATERAL
  // subquery was memoized by the planner into one code for every member): digits 1-10 and 21-25, leaving
  // out the version nibble.
  const code = sql`substr(hex, 1, 5) || '-' || substr(hex, 6, 5) || '-' || substr(hex, 21, 5)`;
  // One statement: recipients, then each treated member's outbox rows for the channels they can be reached
  // on (the audience's reach_<channel> flags, computed once), joined back by member.
  const reachable = sql.join(campaign.channels.map((channel) => sql`(${channel}::campaign_channel, c.${sql.raw(`reach_${channel}`)})`), sql`, `);
  const [counts] = await selectRows<{ treated: number; control: number; messages: number }>(
    tx,
    sql`WITH a AS (${audience}),
             chosen AS MATERIALIZED (
               SELECT a.*, CASE WHEN a.control THEN NULL ELSE ${choice} END AS variant_id,
                      CASE WHEN a.control THEN NULL ELSE upper(replace(gen_random_uuid()::text, '-', '')) END AS hex
                 FROM a),
             inserted AS (
               INSERT INTO campaign_recipients (campaign_id, run_id, member_id, control, variant_id, code, send_at, valid_until)
               SELECT ${campaign.id}::uuid, ${runId}::uuid, member_id, control, variant_id,
                      CASE WHEN control THEN NULL ELSE ${code} END, send_at,
                      CASE WHEN control THEN NULL ELSE send_at + make_interval(days => ${validDays}) END
                 FROM chosen
               RETURNING id, member_id, control, send_at),
             messages AS (
               INSERT INTO campaign_messages (recipient_id, member_id, channel, locale, next_attempt_at)
               SELECT i.id, i.member_id, ch.channel, c.locale, i.send_at
                 FROM inserted i JOIN chosen c ON c.member_id = i.member_id
                 CROSS JOIN LATERAL (VALUES ${reachable}) AS ch(channel, ok)
                WHERE NOT i.control AND ch.ok
               RETURNING 1)
        SELECT (SELECT count(*) FILTER (WHERE NOT control) FROM inserted)::int AS treated, (SELECT count(*) FILTER (WHERE control) FROM inserted)::int AS control,
               (SELECT count(*) FROM messages)::int AS messages`,
  );
  const treated = counts?.treated ?? 0;
  const control = counts?.control ?? 0;
  const messages = counts?.messages ?? 0;
  const elapsedMs = Date.now() - started;
  await tx.update(campaignRuns).set({ eligible: treated + control, treated, control, elapsedMs }).where(eq(campaignRuns.id, runId));
  return { runId, runNumber: run!.runNumber, eligible: treated + control, treated, control, messages, shares };
}

export interface LaunchOutcome {
  status: Campaign["status"];
  run: RunOutcome | null;
}

/** The most the campaign's redemptions can cost: its budget, else every treated member redeeming the dearest offer. */
export function maximumCostMinor(campaign: Pick<Campaign, "budgetMinor">, treated: number, dearestOfferMinor: number): number {
  return campaign.budgetMinor ?? treated * dearestOfferMinor;
}

/**
 * A staff member launches a draft (or an admin approves one awaiting approval). Above the program's
 * approval threshold a marketer's launch stops at awaiting_approval; an admin's launch is its own approval.
 * A campaign scheduled for later becomes scheduled (the campaigns.run_due job runs it); one for now runs at
 * once. Every step is audited.
 */
export async function launchCampaign(
  db: Db,
  params: { campaignId: string; actor: AuditActor; actorIsAdmin: boolean; now?: Date; estimate: { treated: number; dearestOfferMinor: number } },
): Promise<LaunchOutcome> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const campaign = await lockCampaign(tx, params.campaignId);
    if (campaign.status !== "draft" && campaign.status !== "awaiting_approval") throw new AppError("conflict", `The campaign is ${campaign.status.replace("_", " ")}; only a draft can be launched.`);
    if (campaign.status === "awaiting_approval" && !params.actorIsAdmin) throw new AppError("forbidden", "An admin must approve this campaign.");
    const { approvalMinor } = await campaignProgram(tx);
    const needsApproval = maximumCostMinor(campaign, params.estimate.treated, params.estimate.dearestOfferMinor) > approvalMinor;
    const audit = (action: string, after: unknown) => recordAudit(tx, { actor: params.actor, action, entityType: "campaign", entityId: campaign.id, before: { status: campaign.status }, after });
    if (needsApproval && !params.actorIsAdmin) {
      await tx.update(campaigns).set({ status: "awaiting_approval", approvalRequired: true, updatedAt: now }).where(eq(campaigns.id, campaign.id));
      await audit("campaign.approval_requested", { status: "awaiting_approval", thresholdMinor: approvalMinor });
      return { status: "awaiting_approval", run: null };
    }
    const approval = needsApproval ? { approvalRequired: true, approvedBy: params.actor.kind === "staff" ? params.actor.id : null, approvedAt: now } : {};
    if (campaign.schedule !== "now" && campaign.startsAt && campaign.startsAt > now) {
      await tx.update(campaigns).set({ ...approval, status: "scheduled", nextRunAt: campaign.startsAt, updatedAt: now }).where(eq(campaigns.id, campaign.id));
      await audit(needsApproval ? "campaign.approve" : "campaign.schedule", { status: "scheduled", nextRunAt: campaign.startsAt });
      return { status: "scheduled", run: null };
    }
    const run = await startRun(tx, campaign, { actor: params.actor, now, set: approval });
    await audit(needsApproval ? "campaign.approve_and_launch" : "campaign.launch", { status: "running", run });
    return { status: "running", run };
  });
}

/**
 * A run, then the campaign marked running with its next run (recurring campaigns) or none: what a launch
 * and a scheduled or recurring run (lifecycle.ts) both do, under the campaign's lock. `set` adds columns
 * (an approval) to the same update.
 */
export async function startRun(tx: Db, campaign: Campaign, params: { actor: AuditActor; now: Date; set?: Partial<Campaign> }): Promise<RunOutcome> {
  const run = await executeRun(tx, campaign, { actor: params.actor, now: params.now });
  const nextRunAt = campaign.schedule === "recurring" ? nextRecurrence(campaign, params.now) : null;
  await tx
    .update(campaigns)
    .set({ ...params.set, status: "running", launchedAt: campaign.launchedAt ?? params.now, nextRunAt, updatedAt: params.now })
    .where(eq(campaigns.id, campaign.id));
  return run;
}

/**
 * Launches as a staff member's button does: the estimate (who the launch reaches now, for the approval
 * threshold), then the launch. The estimate runs outside the launch's transaction; a segment that grows in
 * between moves the threshold decision by those few members only.
 */
export async function launchWithEstimate(db: Db, params: { campaignId: string; actor: AuditActor; actorIsAdmin: boolean; now?: Date }): Promise<LaunchOutcome> {
  const now = params.now ?? new Date();
  const estimate = await estimateCampaign(db, { campaignId: params.campaignId, now });
  return launchCampaign(db, { ...params, now, estimate: { treated: estimate.treated, dearestOfferMinor: estimate.dearestOfferMinor } });
}

/** The next run of a recurring campaign after `now`, or null past its end. */
export function nextRecurrence(campaign: Pick<Campaign, "startsAt" | "recurDays" | "endsAt">, now: Date): Date | null {
  if (!campaign.recurDays) return null;
  const start = (campaign.startsAt ?? now).getTime();
  const period = campaign.recurDays * DAY_MS;
  const next = new Date(start + (Math.floor((now.getTime() - start) / period) + 1) * period);
  return campaign.endsAt && next >= campaign.endsAt ? null : next;
}
