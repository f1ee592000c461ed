import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/db/queries/audit";
import { lockCampaign } from "@/db/queries/campaigns";
import { campaigns, type CampaignStatus } from "@/db/schema";
import { selectRows } from "@/db/sql";
import { AppError } from "@/lib/errors";
import { startRun, type RunOutcome } from "./launch";

export type LifecycleStep = "pause" | "resume" | "cancel";

/** Which states each step leaves from, and where it goes. */
const STEPS: Record<LifecycleStep, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  pause: { from: ["running", "scheduled"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  cancel: { from: ["draft", "awaiting_approval", "scheduled", "running", "paused"], to: "cancelled" },
};

/**
 * Pause (messages not yet sent wait; a scheduled run does not start), resume (a campaign paused before its
 * first run goes back to scheduled), or cancel (messages not yet sent are skipped; offers already sent stay
 * redeemable until they expire: the member was promised them). Audited with the state before and after.
 */
export async function changeCampaignStatus(db: Db, params: { campaignId: string; step: LifecycleStep; actor: AuditActor; now?: Date }): Promise<CampaignStatus> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const campaign = await lockCampaign(tx, params.campaignId);
    const step = STEPS[params.step];
    if (!step.from.includes(campaign.status)) throw new AppError("conflict", `A ${campaign.status.replace("_", " ")} campaign cannot ${params.step}.`);
    const to: CampaignStatus = params.step === "resume" && campaign.launchedAt === null ? "scheduled" : step.to;
    await tx.update(campaigns).set({ status: to, updatedAt: now, ...(to === "cancelled" ? { nextRunAt: null } : {}) }).where(eq(campaigns.id, campaign.id));
    if (to === "cancelled") {
      await tx.execute(sql`UPDATE campaign_messages cm SET status = 'skipped', last_error = 'campaign cancelled'
                            FROM campaign_recipients r WHERE r.id = cm.recipient_id AND r.campaign_id = ${campaign.id}::uuid AND cm.status = 'pending'`);
    }
    await recordAudit(tx, { actor: params.actor, action: `campaign.${params.step}`, entityType: "campaign", entityId: campaign.id, before: { status: campaign.status }, after: { status: to } });
    return to;
  });
}

/**
 * The campaigns.run_due job: every scheduled or running campaign whose next run is due gets it, each in
 * its own transaction (one failing campaign does not hold back the others). A recurring campaign's next run
 * moves on by its period; a campaign past its end stops recurring.
 */
export async function runDueCampaigns(db: Db, now: Date): Promise<RunOutcome[]> {
  const due = await selectRows<{ id: string }>(
    db,
    sql`SELECT id FROM campaigns WHERE status IN ('scheduled', 'running') AND next_run_at <= ${now.toISOString()}::timestamptz ORDER BY next_run_at`,
  );
  const runs: RunOutcome[] = [];
  for (const { id } of due) {
    const run = await db.transaction(async (tx) => {
      const campaign = await lockCampaign(tx, id);
      if (!["scheduled", "running"].includes(campaign.status) || !campaign.nextRunAt || campaign.nextRunAt > now) return null;
      const outcome = await startRun(tx, campaign, { actor: { kind: "system" }, now });
      await recordAudit(tx, { actor: { kind: "system" }, action: "campaign.run", entityType: "campaign", entityId: id, before: { status: campaign.status }, after: { status: "running", run: outcome } });
      return outcome;
    });
    if (run) runs.push(run);
  }
  return runs;
}

/**
 * Running campaigns with no run to come whose last offer's attribution window has closed are completed:
 * their results no longer change.
 */
export async function completeFinishedCampaigns(db: Db, now: Date): Promise<number> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`UPDATE campaigns c SET status = 'completed', completed_at = ${now.toISOString()}::timestamptz, updated_at = now()
         WHERE c.status = 'running' AND c.next_run_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id
                            AND r.send_at + make_interval(days => c.attribution_days) > ${now.toISOString()}::timestamptz)
           AND NOT EXISTS (SELECT 1 FROM campaign_messages m JOIN campaign_recipients r ON r.id = m.recipient_id
                            WHERE r.campaign_id = c.id AND m.status = 'pending')
        RETURNING c.id`,
  );
  for (const { id } of rows) await recordAudit(db, { actor: { kind: "system" }, action: "campaign.complete", entityType: "campaign", entityId: id, after: { status: "completed" } });
  return rows.length;
}
