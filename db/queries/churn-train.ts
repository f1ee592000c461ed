import "server-only";
import { sql } from "drizzle-orm";
import { fitChurnGbt, runBacktest, stackSets, type BacktestResult, type CutoffSet } from "@/lib/models/churn/backtest";
import { btydBaseline } from "@/lib/models/churn/btyd-baseline";
import { CHURN_RFM_FEATURES } from "@/lib/models/churn/features";
import { featureImportances } from "@/lib/models/gbt";
import { AppError } from "@/lib/errors";
import type { Db } from "../client";
import { churnModelRuns, type StoredEvaluation } from "../schema";
import { selectRows } from "../sql";
import { btydStatsAsOf } from "./btyd-stats";
import { churnCutoffSet } from "./churn-dataset";
import { inSample, memberSample, trainMaxMembers } from "./churn-sample";
import { DEFAULT_HORIZON_DAYS } from "./churn-labels";
import { DAY_MS } from "../../lib/time";

/** Stacked training cutoffs, 30 days apart: more rows and more than one season (docs/churn.md). */
export const DEFAULT_TRAIN_CUTOFFS = 5;
/** Fewer labelled members than this at a cutoff, or no churner or no buyer among them, is too little to learn from. */
const MIN_ROWS = 200;

export interface TrainChurnOptions {
  /** The end of the data: labels may read up to it. */
  now: Date;
  horizonDays?: number;
  trainCutoffs?: number;
  /** The staff member who asked; null for the schedule. */
  createdBy?: string | null;
  seed?: number;
  /**
   * Members per cutoff at most (a deterministic sample, db/queries/churn-sample.ts): default env
   * CHURN_TRAIN_MAX_MEMBERS, else 100,000. Below it every member is used.
   */
  maxMembers?: number;
  /** Called after each cutoff's features and labels, and after fitting (step of steps). */
  onProgress?: (step: number, steps: number) => Promise<void>;
}

export interface TrainedChurnModel {
  id: string;
  version: number;
  /** Milliseconds: the sample, feature extraction and labels at every cutoff (`extractions` of them), the backtest (three models and BTYD), the final fit. */
  timings: { extractions: number; sampleMs: number; extractMs: number; backtestMs: number; fitMs: number };
  /** Members trained on at the latest cutoff, of those who could churn then (equal: no sampling). */
  sample: { members: number; eligible: number };
}

const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * DAY_MS);

function checkSet(set: CutoffSet): void {
  const churned = set.labels.reduce((n, y) => n + y, 0);
  if (set.labels.length < MIN_ROWS || churned === 0 || churned === set.labels.length) {
    throw new AppError(
      "invalid_input",
      `Not enough history to train the churn model: ${set.labels.length} members could churn at ${set.cutoff.toISOString().slice(0, 10)} (${churned} churned); at least ${MIN_ROWS} with both outcomes are needed.`,
    );
  }
}

/** The backtest's figures as stored: per model its metrics, lift curve and calibration bins. */
export function storedEvaluations(result: BacktestResult): StoredEvaluation[] {
  return result.evaluations.map((e) => ({
    name: e.name,
    auc: e.auc,
    prAuc: e.prAuc,
    brier: e.brier,
    topDecileLift: e.topDecileLift,
    ece: e.calibration?.expectedCalibrationError ?? null,
    liftCurve: e.liftCurve,
    calibration: e.calibration?.bins ?? null,
  }));
}

/**
 * Trains a churn model on the program's data up to `now` and stores it as the next version:
 * 1. Backtest of the recipe: features at `trainCutoffs` cutoffs (now - 2H, then every 30 days before), labels
 *    over the H days after each, tested at now - H against what members did up to now, beside the RFM-only
 *    and BTYD-only (BG/NBD P(no purchase in H)) baselines. Those figures are what the model page shows.
 * 2. The same recipe refitted one horizon later, on cutoffs now - H, now - H - 30, ...: the model that
 *    scores members. Its importances are stored with it.
 * The two sets of cutoffs overlap (now - H is the backtest's test set and the model's latest training set;
 * with H = 90 days every cutoff 90 days back or more is in both), so each distinct cutoff is extracted
 * once: 8 extractions for 5 cutoffs at H = 90. Members who withdrew profiling consent are left out of both.
 * In a large program both learn from a sample of at most `maxMembers` members per cutoff (the same
 * members at every cutoff), chosen in SQL, so extraction aggregates only theirs.
 */
export async function trainChurnModel(db: Db, options: TrainChurnOptions): Promise<TrainedChurnModel> {
  const started = performance.now();
  const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const cutoffs = options.trainCutoffs ?? DEFAULT_TRAIN_CUTOFFS;
  const { now } = options;
  const testCutoff = daysBefore(now, horizonDays);
  const backtestCutoffs = Array.from({ length: cutoffs }, (_, k) => daysBefore(testCutoff, horizonDays + 30 * k));
  const modelCutoffs = Array.from({ length: cutoffs }, (_, k) => daysBefore(testCutoff, 30 * k));
  const all = [...new Map([...modelCutoffs, ...backtestCutoffs].map((c) => [c.getTime(), c])).values()];
  const steps = all.length + 1;

  const sampleStarted = performance.now();
  // Members who could churn at an earlier cutoff could at the latest one (testCutoff) too: sampled there,
  // at most maxMembers at every cutoff.
  const { sample, eligible } = await memberSample(db, { cutoff: testCutoff, maxMembers: trainMaxMembers(options.maxMembers) });
  const where = sample ? inSample(sql`m.id`, sample) : undefined;
  const sets = new Map<number, CutoffSet>();
  const extractStarted = performance.now();
  const sampleMs = extractStarted - sampleStarted;
  for (const cutoff of all) {
    const set = await churnCutoffSet(db, { cutoff, horizonDays, observedUntil: now, where });
    checkSet(set);
    sets.set(cutoff.getTime(), set);
    await options.onProgress?.(sets.size, steps);
  }
  const extractMs = performance.now() - extractStarted;
  const at = (cutoff: Date) => sets.get(cutoff.getTime()) as CutoffSet;
  const test = at(testCutoff);
  const backtestStarted = performance.now();
  const btyd = btydBaseline(test.memberIds, await btydStatsAsOf(db, { cutoff: testCutoff, where }), horizonDays);
  const seed = options.seed ?? 1;
  const backtest = runBacktest({ train: backtestCutoffs.map(at), test, horizonDays, rfm: CHURN_RFM_FEATURES, scoreBaselines: [btyd], seed });
  const fitStarted = performance.now();
  const { model } = fitChurnGbt(stackSets(modelCutoffs.map(at)), { seed });
  const timings = { extractions: all.length, sampleMs, extractMs, backtestMs: fitStarted - backtestStarted, fitMs: performance.now() - fitStarted };
  const sampled = { members: sample ? test.memberIds.length : eligible, eligible };
  await options.onProgress?.(steps, steps);

  const earliest = backtestCutoffs[backtestCutoffs.length - 1] as Date;
  return db.transaction(async (tx) => {
    // One training at a time takes the next version; the unique version refuses a racing second one.
    const [{ next } = { next: 1 }] = await selectRows<{ next: number }>(tx, sql`SELECT coalesce(max(version), 0)::int + 1 AS next FROM churn_model_runs`);
    const [row] = await tx
      .insert(churnModelRuns)
      .values({
        version: next,
        trainedAt: new Date(),
        horizonDays,
        dataFrom: earliest,
        dataTo: now,
        trainCutoffs: modelCutoffs.map((c) => c.toISOString()),
        testCutoff,
        trainRows: backtest.trainRows,
        testRows: backtest.testRows,
        sampleMembers: sampled.members,
        eligibleMembers: sampled.eligible,
        testChurnRate: backtest.testChurnRate,
        evaluations: storedEvaluations(backtest),
        importances: featureImportances(model),
        model,
        trainingMs: Math.round(performance.now() - started),
        createdBy: options.createdBy ?? null,
      })
      .returning({ id: churnModelRuns.id, version: churnModelRuns.version });
    return { ...(row as { id: string; version: number }), timings, sample: sampled };
  });
}
