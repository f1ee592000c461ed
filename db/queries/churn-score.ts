import "server-only";
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { fitBgNbd, fitGammaGamma } from "@/lib/models/btyd";
import type { InterventionKind } from "@/lib/models/churn/interventions";
import { RunInterventions, scoreMembers, type BtydScoringModel, type MemberScore } from "@/lib/models/churn/score";
import { parseGbtModel } from "@/lib/models/gbt";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/run";
import type { Db } from "../client";
import { churnModelRuns, churnScoreRuns, type ChurnScoreRunStatus } from "../schema";
import { selectRows } from "../sql";
import { recordAudit, type AuditActor } from "./audit";
import { isUuid } from "./scope";
import { btydFitInputs } from "./btyd-stats";
import { interventionPolicyInForce } from "./churn-policy";
import { inSample, memberSample, trainMaxMembers } from "./churn-sample";
import { keptBtydStats, keptEligibleMembers, keptInputsServe, keptScoringInput, scoringInput, type ScoringInput } from "./churn-score-input";
import { uuidArray } from "./features/sql";
import { trainChurnModel } from "./churn-train";

/** The job that runs a queued score run (lib/jobs/schedule.ts registers it). */
export const SCORE_JOB = "churn.score";
/** Members per chunk: one feature extraction, one scoring pass and one insert each (progress moves per chunk). */
export const DEFAULT_CHUNK_SIZE = 10_000;
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

/**
 * BG/NBD and Gamma-Gamma fitted on the members who could churn as of `asOf` (weeks, minor units): every one
 * of them, or in a large program the same deterministic sample of at most `maxMembers` as training
 * (db/queries/churn-sample.ts), so the fit's SQL and its likelihoods do not grow with the member base.
 */
export async function fitBtydForScoring(db: Db, asOf: Date, options: { maxMembers?: number; /** From the kept inputs (keptInputsServe) instead of the receipts. */ kept?: boolean } = {}): Promise<BtydScoringModel> {
  const maxMembers = trainMaxMembers(options.maxMembers);
  const { sample } = await memberSample(db, { cutoff: asOf, maxMembers, eligible: options.kept ? keptEligibleMembers(asOf) : undefined });
  const where = sample ? inSample(sql`m.id`, sample) : undefined;
  const inputs = await btydFitInputs(db, { cutoff: asOf, where, stats: options.kept ? keptBtydStats(asOf, where) : undefined });
  if (inputs.rfm.length === 0) throw new AppError("invalid_input", "No member has bought anything yet: there is nothing to score.");
  const bgNbd = fitBgNbd(inputs.rfm).params;
  // Gamma-Gamma needs repeat purchases, and q > 1 for a finite mean spend; without them CLV stays unknown.
  const gammaGamma = inputs.spend.length > 0 ? fitGammaGamma(inputs.spend).params : null;
  return { bgNbd, gammaGamma: gammaGamma && gammaGamma.q > 1 ? gammaGamma : null };
}

const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

/** A member's score as written: the intervention as far as it does not depend on value ranks (RunInterventions). */
type ScoreRow = MemberScore & { intervention: InterventionKind | null };

/**
 * A chunk's scores into churn_member_scores and the members' predictions into member_predictions (what
 * segments read), in one statement: the rows travel as one JSON parameter (both drivers, no parameter
 * limit) and are parsed once. Predictions are updated (HOT: see memberPredictions) where they changed and
 * inserted for members without a row; an UPDATE rather than INSERT ... ON CONFLICT, which locks, and so
 * writes, every row it compares (at 1M members 5.4 s when nothing changed, 6.0 s when all did, against
 * 2.9 s for this update).
 */
async function insertScores(db: Db, runId: string, scores: readonly ScoreRow[]): Promise<void> {
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
    intervention: s.intervention,
  }));
  await db.execute(sql`
    WITH r AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(member_id uuid, p float8, alive float8, expected float8, clv bigint, value bigint, band text, reasons jsonb, intervention text)
    ),
    scores AS (
      INSERT INTO churn_member_scores (run_id, member_id, churn_probability, probability_alive, expected_purchases, clv_minor, value_at_stake_minor, risk_band, reasons, intervention)
      SELECT ${runId}::uuid, r.member_id, r.p, r.alive, r.expected, r.clv, r.value, r.band::churn_risk_band, r.reasons, r.intervention::churn_intervention FROM r
    ),
    updated AS (
      UPDATE member_predictions m SET churn_risk = r.p, clv_minor = r.clv, updated_at = now()
        FROM r WHERE m.member_id = r.member_id AND (m.churn_risk, m.clv_minor) IS DISTINCT FROM (r.p, r.clv)
    )
    INSERT INTO member_predictions (member_id, churn_risk, clv_minor, updated_at)
    SELECT r.member_id, r.p, r.clv, now() FROM r WHERE NOT EXISTS (SELECT 1 FROM member_predictions m WHERE m.member_id = r.member_id)
    ON CONFLICT (member_id) DO NOTHING`);
}

/** Clears the churn predictions of members who have one (the run did not score them: no purchase, objection to profiling, erasure). */
function clearPredictions(members: SQL): SQL {
  return sql`UPDATE member_predictions SET churn_risk = NULL, clv_minor = NULL, updated_at = now()
              WHERE (churn_risk IS NOT NULL OR clv_minor IS NOT NULL) AND member_id IN (${members})`;
}

/** Members, CLV and value at stake per home store and risk band, summed as the run goes (what churn_score_bands stores). */
class BandTotals {
  private readonly totals = new Map<string, { store_id: string | null; risk_band: string; members: number; clv: number; value: number }>();

  add(storeId: string | null, score: MemberScore): void {
    const key = `${storeId}|${score.riskBand}`;
    const total = this.totals.get(key) ?? { store_id: storeId, risk_band: score.riskBand, members: 0, clv: 0, value: 0 };
    total.members += 1;
    // Whole minor units: the sums stay exact up to 2^53.
    total.clv += score.clvMinor ?? 0;
    total.value += score.valueAtStakeMinor ?? 0;
    this.totals.set(key, total);
  }

  rows() {
    return [...this.totals.values()];
  }
}

/**
 * A chunk's results, in one transaction: its scores and predictions (insertScores), and the predictions
 * cleared for the chunk's members it did not score (they never bought, or objected to profiling). Written
 * beside the next chunk's read. member_predictions is the scoring run's alone, so no feature writer (nor
 * sales ingestion) waits for it.
 */
async function writeChunk(db: Db, runId: string, chunkIds: readonly string[], rows: readonly ScoreRow[]): Promise<void> {
  const scoredIds = new Set(rows.map((r) => r.memberId));
  const unscored = chunkIds.filter((id) => !scoredIds.has(id));
  await db.transaction(async (tx) => {
    await insertScores(tx, runId, rows);
    if (unscored.length > 0) await tx.execute(clearPredictions(sql`SELECT unnest(${uuidArray(unscored)})`));
  });
}

/**
 * The run's results where the rest of the product reads them, in one transaction: the interventions that
 * value ranks changed (RunInterventions; the others were written with the scores); members and value per
 * risk band and home store (the overview over time); churn predictions (member_predictions) cleared for the members no
 * chunk went through (erased, or joined after asOf: every other member's were written with their chunk);
 * the run done, its total set to the members gone through (members who joined or were erased while the run
 * went through the chunks move the count it started from); member scores of runs older than the latest
 * KEEP_SCORED_RUNS dropped.
 */
async function finishRun(db: Db, runId: string, results: { asOf: Date; done: number; interventions: RunInterventions; bands: BandTotals; policyVersion: number }): Promise<void> {
  const changes = results.interventions.changes();
  const bands = results.bands.rows();
  await db.transaction(async (tx) => {
    for (const [kind, ids] of changes) {
      await tx.execute(sql`UPDATE churn_member_scores SET intervention = ${kind}::churn_intervention
                            WHERE run_id = ${runId} AND member_id = ANY(${uuidArray(ids)})`);
    }
    if (bands.length > 0) {
      await tx.execute(sql`
        INSERT INTO churn_score_bands (run_id, store_id, risk_band, members, clv_minor, value_at_stake_minor)
        SELECT ${runId}::uuid, b.store_id, b.risk_band::churn_risk_band, b.members, b.clv, b.value
          FROM jsonb_to_recordset(${JSON.stringify(bands)}::jsonb) AS b(store_id uuid, risk_band text, members int, clv bigint, value bigint)`);
    }
    await tx.execute(clearPredictions(sql`SELECT id FROM members WHERE status = 'erased' OR joined_at >= ${results.asOf.toISOString()}::timestamptz`));
    // Wall-clock time (asOf holds the scoring instant): "latest run" and the kept runs go by when runs finished.
    await tx
      .update(churnScoreRuns)
      .set({ status: "done", total: results.done, policyVersion: results.policyVersion, finishedAt: new Date(), heartbeatAt: new Date() })
      .where(eq(churnScoreRuns.id, runId));
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
  /** Where the members' features came from: the inputs kept in member_churn_features, or the receipts and events. */
  inputs: "kept" | "extracted";
}

export interface ExecuteScoreRunOptions {
  /** Scores are as of this instant. */
  now: Date;
  chunkSize?: number;
  /** Training cutoffs when the run trains (tests and the e2e server use fewer). */
  trainCutoffs?: number;
  /** Members per cutoff the training and the BTYD fit learn from at most (trainMaxMembers). */
  maxMembers?: number;
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
  const timings: ScoreRunTimings = { trainMs: 0, btydFitMs: 0, extractMs: 0, scoreMs: 0, writeMs: 0, finishMs: 0, totalMs: 0, inputs: "extracted" };
  const timed = async <T>(key: Exclude<keyof ScoreRunTimings, "inputs">, fn: () => Promise<T> | T): Promise<T> => {
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
      const { trainCutoffs, maxMembers } = options;
      await timed("trainMs", () => trainChurnModel(db, { now, createdBy: run.requestedBy, trainCutoffs, maxMembers, onProgress: () => beat(db, runId) }));
      model = await latestModel(db);
    }
    if (!model) throw new Error("training stored no model");
    const gbt = parseGbtModel(JSON.stringify(model.model));
    const asOf = now.toISOString();
    const horizonDays = model.horizonDays;
    // The members' features from the inputs kept beside member_features when they are current and complete
    // (one row per member), else extracted from the receipts and events as of `now` (docs/churn.md, "Scoring").
    timings.inputs = (await keptInputsServe(db, now)) ? "kept" : "extracted";
    const readInput = timings.inputs === "kept" ? keptScoringInput : scoringInput;
    // A chunk: the next members by id, then the features and BTYD statistics of that id range in one statement.
    const readChunk = async (after: string): Promise<{ ids: string[]; after: string; input: ScoringInput } | null> => {
      const ids = (
        await selectRows<{ id: string }>(
          db,
          sql`SELECT id FROM members WHERE id > ${after}::uuid AND joined_at < ${asOf}::timestamptz AND status <> 'erased' ORDER BY id LIMIT ${chunkSize}`,
        )
      ).map((r) => r.id);
      if (ids.length === 0) return null;
      const upTo = ids[ids.length - 1] as string;
      return { ids, after, input: await timed("extractMs", () => readInput(db, { asOf: now, after, upTo })) };
    };
    // A pipeline: while a chunk is scored here, the database reads the next one and writes the previous
    // one (on postgres.js they run on other pooled connections; PGlite runs them in turn), and the first
    // chunk is read while the BTYD models are fitted (they are needed only to score). Each promise gets a
    // no-op handler at once, so a failure is rethrown where it is awaited, not as an unhandled rejection.
    const handled = <T>(promise: Promise<T>) => {
      promise.catch(() => {});
      return promise;
    };
    const [{ total } = { total: 0 }] = await selectRows<{ total: number }>(
      db,
      sql`SELECT count(*)::int AS total FROM members WHERE joined_at < ${asOf}::timestamptz AND status <> 'erased'`,
    );
    const fitting = handled(timed("btydFitMs", () => fitBtydForScoring(db, now, { maxMembers: options.maxMembers, kept: timings.inputs === "kept" })));
    let next = handled(readChunk("00000000-0000-0000-0000-000000000000"));
    let writing: Promise<void> = Promise.resolve();
    // The policy in force when the run starts (churn_intervention_policies, else the built-in default) serves
    // the whole run, and the run records its version.
    const policy = await interventionPolicyInForce(db);
    const interventions = new RunInterventions(policy.rules);
    const bands = new BandTotals();
    let done = 0;
    let scored = 0;
    try {
      const btyd = await fitting;
      await beat(db, runId, { modelRunId: model.id, total, btyd });
      for (let chunk = await next; chunk; chunk = await next) {
        next = handled(readChunk(chunk.ids[chunk.ids.length - 1] as string));
        const { input } = chunk;
        const rows = await timed("scoreMs", () =>
          scoreMembers({ model: gbt, btyd, memberIds: input.memberIds, features: input.features, stats: input.stats, horizonDays }).map((score, i): ScoreRow => {
            bands.add(input.homeStoreIds[i] as string | null, score);
            return { ...score, intervention: interventions.add(score.memberId, { ...score, dominantReason: score.reasons[0]?.kind ?? null }) };
          }),
        );
        await writing;
        done += chunk.ids.length;
        scored += rows.length;
        const progress = { done, scored };
        const written = chunk.ids;
        writing = handled(timed("writeMs", () => writeChunk(db, runId, written, rows)).then(() => beat(db, runId, progress)));
      }
      await writing;
    } finally {
      // On an error, the statements in flight end before the run is marked failed.
      await Promise.allSettled([fitting, next, writing]);
    }
    await timed("finishMs", () => finishRun(db, runId, { asOf: now, done, interventions, bands, policyVersion: policy.version }));
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
