import "server-only";
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { fitBgNbd, fitGammaGamma } from "@/lib/models/btyd";
import type { InterventionKind } from "@/lib/models/churn/interventions";
import type { ReasonKind } from "@/lib/models/churn/reasons";
import { assignInterventions, scoreMembers, type BtydScoringModel, type MemberScore } from "@/lib/models/churn/score";
import { parseGbtModel } from "@/lib/models/gbt";
import { takeRows } from "@/lib/models/matrix";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/run";
import type { Db } from "../client";
import { churnModelRuns, churnScoreRuns, type ChurnScoreRunStatus } from "../schema";
import { selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { isUuid } from "./scope";
import { btydFitInputs, btydStatsAsOf } from "./btyd-stats";
import { interventionPolicyInForce } from "./churn-policy";
import { extractChurnFeatures } from "./features/churn";
import { lockAllMemberFeatures } from "./features/refresh";
import { trainChurnModel } from "./churn-train";

/** The job that runs a queued score run (lib/jobs/schedule.ts registers it). */
export const SCORE_JOB = "churn.score";
/** Members per chunk: one feature extraction, one scoring pass and one insert each (progress moves per chunk). */
export const DEFAULT_CHUNK_SIZE = 5_000;
/** A running run whose heartbeat is older than this was left by a crashed process. */
const ABANDONED_MS = 15 * 60_000;
/** Member scores are kept for this many latest finished runs; older runs keep their totals per band. */
export const KEEP_SCORED_RUNS = 30;
/** The daily run retrains when the current model is older than this. */
const RETRAIN_AFTER_MS = 7 * 86_400_000;

export interface ScoreRunProgress {
  id: string;
  status: ChurnScoreRunStatus;
  /** training: fitting a new model first; scoring: going through the members. */
  phase: "queued" | "training" | "scoring" | "done" | "failed";
  total: number;
  done: number;
  scored: number;
  modelVersion: number | null;
  asOf: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

/** Marks runs whose process died failed, so a new run can start (one run may be active at a time). Heartbeats are wall-clock times. */
async function failAbandonedRuns(db: Db): Promise<void> {
  const now = new Date();
  const stale = new Date(now.getTime() - ABANDONED_MS);
  await db
    .update(churnScoreRuns)
    .set({ status: "failed", error: "abandoned: no progress for 15 minutes", finishedAt: now })
    .where(
      or(
        and(eq(churnScoreRuns.status, "running"), lt(churnScoreRuns.heartbeatAt, stale)),
        // A queued run whose job is gone (finished or failed) will never start.
        and(eq(churnScoreRuns.status, "queued"), lt(churnScoreRuns.createdAt, stale)),
      ),
    );
}

/**
 * Queues a re-score of every member (and a retraining first when asked), run by the job runner in the
 * background. One run at a time: while one is queued or running, asking again returns that one
 * (`created: false`). Audited in the same transaction.
 */
export async function requestScoreRun(
  db: Db,
  params: { retrain: boolean; actor: AuditActor },
): Promise<{ runId: string; created: boolean }> {
  await failAbandonedRuns(db);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(churnScoreRuns)
      .values({ retrain: params.retrain, requestedBy: params.actor.kind === "staff" ? params.actor.id : null })
      .onConflictDoNothing()
      .returning({ id: churnScoreRuns.id });
    if (!row) {
      const [active] = await tx.select({ id: churnScoreRuns.id }).from(churnScoreRuns).where(inArray(churnScoreRuns.status, ["queued", "running"]));
      if (!active) throw new AppError("conflict", "A re-score has just finished or started; try again.");
      return { runId: active.id, created: false };
    }
    await enqueueJob(tx, SCORE_JOB, { runId: row.id }, { dedupeKey: `${SCORE_JOB}:${row.id}`, maxAttempts: 1 });
    await recordAudit(tx, { actor: params.actor, action: "churn.rescore", entityType: "churn_score_run", entityId: row.id, after: { retrain: params.retrain } });
    return { runId: row.id, created: true };
  });
}

async function latestModel(db: Db): Promise<{ id: string; version: number; horizonDays: number; trainedAt: Date; model: unknown } | undefined> {
  const [row] = await db
    .select({ id: churnModelRuns.id, version: churnModelRuns.version, horizonDays: churnModelRuns.horizonDays, trainedAt: churnModelRuns.trainedAt, model: churnModelRuns.model })
    .from(churnModelRuns)
    .orderBy(desc(churnModelRuns.version))
    .limit(1);
  return row;
}

/** BG/NBD and Gamma-Gamma fitted on every eligible member as of `asOf` (weeks, minor units). */
export async function fitBtydForScoring(db: Db, asOf: Date): Promise<BtydScoringModel> {
  const inputs = await btydFitInputs(db, { cutoff: asOf });
  if (inputs.rfm.length === 0) throw new AppError("invalid_input", "No member has bought anything yet: there is nothing to score.");
  const bgNbd = fitBgNbd(inputs.rfm).params;
  // Gamma-Gamma needs repeat purchases, and q > 1 for a finite mean spend; without them CLV stays unknown.
  const gammaGamma = inputs.spend.length > 0 ? fitGammaGamma(inputs.spend).params : null;
  return { bgNbd, gammaGamma: gammaGamma && gammaGamma.q > 1 ? gammaGamma : null };
}

const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

async function insertScores(db: Db, runId: string, scores: readonly MemberScore[]): Promise<void> {
  if (scores.length === 0) return;
  const rows = scores.map((s) => ({
    member_id: s.memberId,
    p: s.churnProbability,
    alive: finite(s.probabilityAlive),
    expected: finite(s.expectedPurchases),
    clv: s.clvMinor,
    value: s.valueAtStakeMinor,
    band: s.riskBand,
    reasons: s.reasons,
  }));
  // One statement per chunk: the rows travel as one JSON parameter (both drivers, no parameter limit).
  await db.execute(sql`
    INSERT INTO churn_member_scores (run_id, member_id, churn_probability, probability_alive, expected_purchases, clv_minor, value_at_stake_minor, risk_band, reasons)
    SELECT ${runId}::uuid, r.member_id, r.p, r.alive, r.expected, r.clv, r.value, r.band::churn_risk_band, r.reasons
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(member_id uuid, p float8, alive float8, expected float8, clv bigint, value bigint, band text, reasons jsonb)`);
}

/**
 * The run's suggested interventions by the policy in force (churn_intervention_policies, else the built-in
 * default): one pass over its scores, then one update per intervention kind. Returns the policy version.
 */
async function writeInterventions(db: Db, runId: string): Promise<number> {
  const policy = await interventionPolicyInForce(db);
  const rows = await selectRows<{ member_id: string; p: number; value: number | null; reason: ReasonKind | null }>(
    db,
    sql`SELECT member_id, churn_probability AS p, value_at_stake_minor::float8 AS value, reasons->0->>'kind' AS reason
          FROM churn_member_scores WHERE run_id = ${runId}`,
  );
  const kinds = assignInterventions(
    policy.rules,
    rows.map((r) => ({ churnProbability: r.p, valueAtStakeMinor: r.value, dominantReason: r.reason })),
  );
  const byKind = new Map<InterventionKind, string[]>();
  kinds.forEach((kind, i) => {
    if (!kind) return;
    const ids = byKind.get(kind) ?? [];
    ids.push((rows[i] as { member_id: string }).member_id);
    byKind.set(kind, ids);
  });
  for (const [kind, ids] of byKind) {
    await db.execute(sql`UPDATE churn_member_scores SET intervention = ${kind}
                          WHERE run_id = ${runId} AND member_id = ANY(${`{${ids.join(",")}}`}::uuid[])`);
  }
  return policy.version;
}

/**
 * The run's results where the rest of the product reads them, in one transaction: interventions (and the
 * policy version they came from); members and value per risk band and home store (the overview over
 * time); member_features.churn_risk and clv_minor (segments), cleared for members the run did not score
 * (they objected to profiling, were erased, or stopped qualifying); member scores of runs older than the
 * latest KEEP_SCORED_RUNS dropped.
 */
async function finishRun(db: Db, runId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const policyVersion = await writeInterventions(tx, runId);
    await tx.execute(sql`
      INSERT INTO churn_score_bands (run_id, store_id, risk_band, members, clv_minor, value_at_stake_minor)
      SELECT ${runId}::uuid, m.home_store_id, s.risk_band, count(*)::int, coalesce(sum(s.clv_minor), 0)::bigint, coalesce(sum(s.value_at_stake_minor), 0)::bigint
        FROM churn_member_scores s JOIN members m ON m.id = s.member_id
       WHERE s.run_id = ${runId}
       GROUP BY m.home_store_id, s.risk_band`);
    await lockAllMemberFeatures(tx);
    await tx.execute(sql`
      UPDATE member_features f SET churn_risk = s.churn_probability, clv_minor = s.clv_minor
        FROM churn_member_scores s
       WHERE s.run_id = ${runId} AND f.member_id = s.member_id
         AND (f.churn_risk IS DISTINCT FROM s.churn_probability OR f.clv_minor IS DISTINCT FROM s.clv_minor)`);
    await tx.execute(sql`
      UPDATE member_features f SET churn_risk = NULL, clv_minor = NULL
       WHERE (f.churn_risk IS NOT NULL OR f.clv_minor IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM churn_member_scores s WHERE s.run_id = ${runId} AND s.member_id = f.member_id)`);
    // Wall-clock time (asOf holds the scoring instant): "latest run" and the kept runs go by when runs finished.
    await tx.update(churnScoreRuns).set({ status: "done", policyVersion, finishedAt: new Date(), heartbeatAt: new Date() }).where(eq(churnScoreRuns.id, runId));
    await tx.execute(sql`
      DELETE FROM churn_member_scores WHERE run_id IN (
        SELECT id FROM churn_score_runs WHERE status IN ('done', 'failed')
         ORDER BY finished_at DESC NULLS LAST OFFSET ${KEEP_SCORED_RUNS})`);
  });
}

async function beat(db: Db, runId: string, values: Partial<typeof churnScoreRuns.$inferInsert> = {}): Promise<void> {
  await db.update(churnScoreRuns).set({ ...values, heartbeatAt: new Date() }).where(eq(churnScoreRuns.id, runId));
}

/** Where a run's time went, in milliseconds (the bench prints them). */
export interface ScoreRunTimings {
  trainMs: number;
  btydFitMs: number;
  extractMs: number;
  scoreMs: number;
  writeMs: number;
  finishMs: number;
  totalMs: number;
}

export interface ExecuteScoreRunOptions {
  /** Scores are as of this instant. */
  now: Date;
  chunkSize?: number;
  /** Training cutoffs when the run trains (tests and the e2e server use fewer). */
  trainCutoffs?: number;
}

/**
 * Runs a queued score run: trains a model first when asked (or when there is none), then scores every
 * member in chunks of `chunkSize` (by member id), recording progress after each, and finishes with
 * finishRun. Members who never bought, were erased or objected to profiling get no score. On an error the
 * run is marked failed with the message, and the error is rethrown (the job records it too).
 */
export async function executeScoreRun(db: Db, runId: string, options: ExecuteScoreRunOptions): Promise<ScoreRunTimings> {
  const { now } = options;
  const started = performance.now();
  const timings: ScoreRunTimings = { trainMs: 0, btydFitMs: 0, extractMs: 0, scoreMs: 0, writeMs: 0, finishMs: 0, totalMs: 0 };
  const timed = async <T>(key: keyof ScoreRunTimings, fn: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[key] += performance.now() - start;
    }
  };
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const [run] = await db
    .update(churnScoreRuns)
    .set({ status: "running", startedAt: new Date(), heartbeatAt: new Date(), asOf: now })
    .where(and(eq(churnScoreRuns.id, runId), eq(churnScoreRuns.status, "queued")))
    .returning({ retrain: churnScoreRuns.retrain, requestedBy: churnScoreRuns.requestedBy });
  if (!run) throw new AppError("conflict", `score run ${runId} is not queued`);
  try {
    let model = await latestModel(db);
    if (!model || run.retrain) {
      await timed("trainMs", () => trainChurnModel(db, { now, createdBy: run.requestedBy, trainCutoffs: options.trainCutoffs, onProgress: () => beat(db, runId) }));
      model = await latestModel(db);
    }
    if (!model) throw new Error("training stored no model");
    const gbt = parseGbtModel(JSON.stringify(model.model));
    const btyd = await timed("btydFitMs", () => fitBtydForScoring(db, now));
    const [{ total } = { total: 0 }] = await selectRows<{ total: number }>(
      db,
      sql`SELECT count(*)::int AS total FROM members WHERE joined_at < ${now.toISOString()}::timestamptz AND status <> 'erased'`,
    );
    await beat(db, runId, { modelRunId: model.id, total, btyd });

    let after = "00000000-0000-0000-0000-000000000000";
    let done = 0;
    let scored = 0;
    for (;;) {
      const ids = (
        await selectRows<{ id: string }>(
          db,
          sql`SELECT id FROM members WHERE id > ${after}::uuid AND joined_at < ${now.toISOString()}::timestamptz AND status <> 'erased' ORDER BY id LIMIT ${chunkSize}`,
        )
      ).map((r) => r.id);
      if (ids.length === 0) break;
      after = ids[ids.length - 1] as string;
      const extracted = await timed("extractMs", () => extractChurnFeatures(db, { asOf: now, memberIds: ids }));
      const stats = await timed("extractMs", () => btydStatsAsOf(db, { cutoff: now, memberIds: extracted.memberIds }));
      // Both read the same members; one who objected to profiling between the two statements is left out.
      const rows = extracted.memberIds.flatMap((id, i) => (stats.has(id) ? [i] : []));
      const memberIds = rows.map((i) => extracted.memberIds[i] as string);
      const features = takeRows(extracted.features, rows);
      const horizonDays = model.horizonDays;
      const scores = await timed("scoreMs", () => scoreMembers({ model: gbt, btyd, memberIds, features, stats, horizonDays }));
      await timed("writeMs", () => insertScores(db, runId, scores));
      done += ids.length;
      scored += scores.length;
      await beat(db, runId, { done, scored });
    }
    await timed("finishMs", () => finishRun(db, runId));
    timings.totalMs = performance.now() - started;
    return timings;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.update(churnScoreRuns).set({ status: "failed", error: message.slice(0, 2000), finishedAt: new Date() }).where(eq(churnScoreRuns.id, runId));
    throw error;
  }
}

/**
 * The daily re-score: retrains when the model is a week old (or missing), and skips when a run is active
 * or one finished in the last 12 hours (a re-score started by hand, or the e2e server's).
 */
export async function scheduledScoreRun(db: Db, now: Date, options: Omit<ExecuteScoreRunOptions, "now"> = {}): Promise<string | null> {
  await failAbandonedRuns(db);
  const [recent] = await selectRows<{ id: string }>(
    db,
    sql`SELECT id FROM churn_score_runs
         WHERE status IN ('queued', 'running') OR (status = 'done' AND finished_at > ${new Date(now.getTime() - 12 * 3_600_000).toISOString()}::timestamptz)
         LIMIT 1`,
  );
  if (recent) return null;
  const model = await latestModel(db);
  const retrain = !model || now.getTime() - model.trainedAt.getTime() > RETRAIN_AFTER_MS;
  const [row] = await db.insert(churnScoreRuns).values({ retrain }).onConflictDoNothing().returning({ id: churnScoreRuns.id });
  if (!row) return null;
  await executeScoreRun(db, row.id, { ...options, now });
  return row.id;
}

/** A run's progress for the UI's progress bar. */
export async function getScoreRunProgress(db: Db, params: { id: string }): Promise<ScoreRunProgress | null> {
  if (!isUuid(params.id)) return null;
  const rows = await selectRows<{
    id: string;
    status: ChurnScoreRunStatus;
    model_run_id: string | null;
    total: number;
    done: number;
    scored: number;
    version: number | null;
    as_of: number | null;
    started_at: number | null;
    finished_at: number | null;
    error: string | null;
  }>(
    db,
    sql`SELECT r.id, r.status, r.model_run_id, r.total, r.done, r.scored, v.version,
               (extract(epoch FROM r.as_of) * 1000)::float8 AS as_of, (extract(epoch FROM r.started_at) * 1000)::float8 AS started_at,
               (extract(epoch FROM r.finished_at) * 1000)::float8 AS finished_at, r.error
          FROM churn_score_runs r LEFT JOIN churn_model_runs v ON v.id = r.model_run_id
         WHERE r.id = ${params.id}::uuid`,
  );
  const r = rows[0];
  if (!r) return null;
  const at = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
  const phase = r.status === "running" ? (r.model_run_id === null ? "training" : "scoring") : r.status;
  return {
    id: r.id,
    status: r.status,
    phase,
    total: r.total,
    done: r.done,
    scored: r.scored,
    modelVersion: r.version,
    asOf: at(r.as_of),
    startedAt: at(r.started_at),
    finishedAt: at(r.finished_at),
    error: r.error,
  };
}

/** The run queued or running now, if any (the page shows its progress bar on load). */
export async function activeScoreRunId(db: Db): Promise<string | null> {
  const [row] = await db.select({ id: churnScoreRuns.id }).from(churnScoreRuns).where(inArray(churnScoreRuns.status, ["queued", "running"])).limit(1);
  return row?.id ?? null;
}
