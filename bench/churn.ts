/**
 * The churn section of `npm run bench` (bench/run.ts): on the bench database, the daily windowed refresh
 * of member features (which keeps the churn inputs current), one training of the churn model (point-in-time
 * feature extraction at every cutoff, backtest, fit) and two full re-scores of every member with it (BTYD
 * fit, per-chunk reads, scoring, writing), each step's wall time printed. The scores it writes
 * stay: they are the product's own tables (a second bench run adds a model version and a run).
 */
import type { Db } from "../db/client";
import { executeScoreRun, getScoreRunProgress, requestScoreRun, type ScoreRunTimings } from "../db/queries/churn-score";
import { trainChurnModel, type TrainedChurnModel } from "../db/queries/churn-train";
import { refreshWindowedMemberFeatures } from "../db/queries/features/refresh";
import { DAY_MS } from "../lib/time";
import { fmtMs } from "./stats";

type Scoring = ScoreRunTimings & { total: number; scored: number };

export interface ChurnBenchResult {
  /** The daily windowed refresh of member features and the churn inputs kept with them, as the daily job runs it. */
  windowedRefreshMs: number;
  training: TrainedChurnModel["timings"] & { totalMs: number; cutoffs: number; sample: TrainedChurnModel["sample"] };
  /** Two re-scores: the first right after training, the second as of a day later (the daily one: predictions there to be updated). */
  scoring: [Scoring, Scoring];
}

async function rescore(db: Db, now: Date, chunkSize?: number): Promise<Scoring> {
  const { runId } = await requestScoreRun(db, { retrain: false, actor: { kind: "system" } });
  const timings = await executeScoreRun(db, runId, { now, chunkSize });
  const progress = await getScoreRunProgress(db, { id: runId });
  return { ...timings, total: progress?.total ?? 0, scored: progress?.scored ?? 0 };
}

export async function runChurnBench(db: Db, options: { now: Date; trainCutoffs: number; chunkSize?: number }): Promise<ChurnBenchResult> {
  const refreshStarted = performance.now();
  await refreshWindowedMemberFeatures(db, options.now);
  const windowedRefreshMs = performance.now() - refreshStarted;
  const started = performance.now();
  const trained = await trainChurnModel(db, { now: options.now, trainCutoffs: options.trainCutoffs });
  const training = { ...trained.timings, totalMs: performance.now() - started, cutoffs: options.trainCutoffs, sample: trained.sample };
  const first = await rescore(db, options.now, options.chunkSize);
  // A day later, as the daily run: probabilities and CLV move (recency, T), so predictions are rewritten.
  const second = await rescore(db, new Date(options.now.getTime() + DAY_MS), options.chunkSize);
  return { windowedRefreshMs, training, scoring: [first, second] };
}

export function formatChurnBench(result: ChurnBenchResult): string[] {
  const t = result.training;
  const s = result.scoring;
  return [
    `daily windowed refresh of member features and the churn inputs kept with them (what keeps a re-score's reads current): ${fmtMs(result.windowedRefreshMs)}`,
    `training (${t.cutoffs} stacked cutoffs, backtest and final fit): ${fmtMs(t.totalMs)}`,
    `  sample: ${t.sample.members.toLocaleString("en")} of ${t.sample.eligible.toLocaleString("en")} members who could churn at the latest cutoff: ${fmtMs(t.sampleMs)}`,
    `  feature extraction and labels at ${t.extractions} cutoffs: ${fmtMs(t.extractMs)} (${fmtMs(t.extractMs / t.extractions)} per cutoff)`,
    `  backtest (GBT, logistic, RFM, BTYD baseline): ${fmtMs(t.backtestMs)}; final GBT fit: ${fmtMs(t.fitMs)}`,
    ...s.flatMap((run, i) => [
      `full re-score ${i + 1} of 2 of ${run.total.toLocaleString("en")} members (${run.scored.toLocaleString("en")} scored, features from ${run.inputs === "kept" ? "the kept churn inputs" : "receipts and events"}): ${fmtMs(run.totalMs)} (goal at 1M: < 60 s)`,
      // The run is a pipeline: the parts below overlap (the fit with the first chunk's read, reads and
      // writes with scoring), so they add up to more than the total.
      `  BTYD fit (BG/NBD + Gamma-Gamma): ${fmtMs(run.btydFitMs)}; reading features: ${fmtMs(run.extractMs)}; scoring and reasons: ${fmtMs(run.scoreMs)}; writing scores and predictions: ${fmtMs(run.writeMs)} (overlapping); interventions, bands, end: ${fmtMs(run.finishMs)}`,
    ]),
  ];
}
