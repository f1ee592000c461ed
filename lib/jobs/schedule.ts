import "server-only";
import { deleteExpiredIdempotencyKeys } from "@/lib/api/idempotency";
import { deleteOldWebhookDeliveries } from "@/lib/api/webhooks/cleanup";
import { deliverDueWebhooks } from "@/lib/api/webhooks/deliver";
import { expirePoints, releasePendingPoints, reviewTiers } from "@/lib/loyalty/scheduler";
import { notifyPointsExpiringSoon } from "@/lib/loyalty/webhooks";
import { enforceRetention } from "@/lib/privacy/retention";
import { refreshQueuedMemberFeatures } from "@/db/queries/features/queue";
import { refreshWindowedMemberFeatures } from "@/db/queries/features/refresh";
import { executeScoreRun, scheduledScoreRun, SCORE_JOB } from "@/db/queries/churn-score";
import { PROPENSITY_JOB, trainAndScorePropensity } from "@/db/queries/offer-propensity-job";
import { trainRecommendations } from "@/db/queries/recommendations-train";
import { snapshotSegments } from "@/db/queries/segments-snapshot";
import { deleteExpiredRevocations } from "@/db/queries/staff";
import { updateAllocations } from "@/lib/campaigns/allocation";
import { deliverDueCampaignMessages } from "@/lib/campaigns/deliver";
import { completeFinishedCampaigns, runDueCampaigns } from "@/lib/campaigns/lifecycle";
import { every, registerJob, registerRecurring } from "./registry";
import { deleteFinishedJobs } from "./run";

/**
 * The app's recurring work, one line each. A handler works off whatever is due at `now`, so a missed or
 * repeated slot does no harm. Imported by instrumentation.ts before the runner starts.
 */
registerRecurring("webhooks.deliver", every("1m"), ({ db, now }) => deliverDueWebhooks(db, now));
registerRecurring("webhooks.cleanup", every("1d"), ({ db, now }) => deleteOldWebhookDeliveries(db, now));
registerRecurring("idempotency.cleanup", every("1h"), ({ db, now }) => deleteExpiredIdempotencyKeys(db, now));
registerRecurring("jobs.cleanup", every("1d"), ({ db, now }) => deleteFinishedJobs(db, now));
registerRecurring("privacy.retention", every("1d"), ({ db, now }) => enforceRetention(db, now));
registerRecurring("sessions.cleanup", every("1d"), ({ db, now }) => deleteExpiredRevocations(db, now));
registerRecurring("points.release_pending", every("1h"), ({ db, now }) => releasePendingPoints(db, now));
registerRecurring("points.expire", every("1d"), ({ db, now }) => expirePoints(db, now));
registerRecurring("tiers.review", every("1d"), ({ db, now }) => reviewTiers(db, now));
registerRecurring("points.expiring_soon", every("1d"), ({ db, now }) => notifyPointsExpiringSoon(db, now));
// Members whose receipts, points or events arrived since the last run (queued by triggers, migration 0016):
// features trail ingestion by seconds. The clock, not the slot: receipts stamped after the slot began count.
registerRecurring("features.refresh_queued", every("15s"), ({ db, now }) => refreshQueuedMemberFeatures(db, new Date(Math.max(now.getTime(), Date.now()))));
// Time-window features (90-day spend, 30-day engagement) age without new events: refresh them, then take the
// segments' daily snapshot on fresh figures. At 1M members this holds the ingestion lock for minutes (docs/segments.md).
registerRecurring("segments.daily", every("1d"), async ({ db, now }) => {
  await refreshWindowedMemberFeatures(db, now);
  return snapshotSegments(db, now);
});
// Churn: a re-score asked for in the UI (queued by requestScoreRun), and the daily one (docs/churn.md, "Scoring").
registerJob(SCORE_JOB, ({ db, now, payload }) => executeScoreRun(db, String(payload.runId), { now, ...scoreRunSettings() }));
// Campaigns (docs/campaigns.md): scheduled and recurring runs, the message outbox (members' usual hours are
// spread over the week, so it is worked off often), the learning allocation, and completion.
registerRecurring("campaigns.run_due", every("1m"), ({ db, now }) => runDueCampaigns(db, now));
registerRecurring("campaigns.deliver", every("30s"), ({ db }) => deliverDueCampaignMessages(db, new Date()));
registerRecurring("campaigns.learn", every("5m"), ({ db, now }) => updateAllocations(db, now));
registerRecurring("campaigns.complete", every("1h"), ({ db, now }) => completeFinishedCampaigns(db, now));
registerRecurring("churn.rescore_daily", every("1d"), ({ db, now }) => scheduledScoreRun(db, now, scoreRunSettings()));
// Personalization (docs/personalization.md): the redemption propensity model, trained daily on the offers whose
// outcome became known, and every member's redemption_propensity rescored with it; the demo's first pass trains it.
registerRecurring(PROPENSITY_JOB, every("1d"), ({ db, now }) => trainAndScorePropensity(db, { now }));
// Personalization (docs/personalization.md): the served recommendations' neighbours, popularity and look-alike
// groups, retrained on the day's purchases; requests read the newest model.
registerRecurring("personalization.train_recommendations", every("1d"), ({ db, now }) => trainRecommendations(db, { now }));

/** CHURN_SCORE_CHUNK_SIZE and CHURN_TRAIN_CUTOFFS override the defaults (the e2e server makes runs small). */
function scoreRunSettings(): { chunkSize?: number; trainCutoffs?: number } {
  const positive = (name: string) => {
    const value = Number(process.env[name]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  return { chunkSize: positive("CHURN_SCORE_CHUNK_SIZE"), trainCutoffs: positive("CHURN_TRAIN_CUTOFFS") };
}
