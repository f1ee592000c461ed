/**
 * The churn section of `npm run bench` (bench/run.ts): on the bench database, one training of the churn
 * model (feature extraction at every cutoff, backtest, fit) and one full re-score of every member with it
 * (BTYD fit, per-chunk extraction, scoring, writing), each step's wall time printed. The scores it writes
 * stay: they are the product's own tables (a second bench run adds a model version and a run).
 */
import type { Db } from "../db/client";
import { executeScoreRun, getScoreRunProgress, requestScoreRun, type ScoreRunTimings } from "../db/queries/churn-score";
import { trainChurnModel, type TrainedChurnModel } from "../db/queries/churn-train";
import { fmtMs } from "./stats";

export interface ChurnBenchResult {
  training: TrainedChurnModel["timings"] & { totalMs: number; cutoffs: number; sample: TrainedChurnModel["sample"] };
  scoring: ScoreRunTimings & { total: number; scored: number };
}

export async function runChurnBench(db: Db, options: { now: Date; trainCutoffs: number; chunkSize?: number }): Promise<ChurnBenchResult> {
  const started = performance.now();
  const trained = await trainChurnModel(db, { now: options.now, trainCutoffs: options.trainCutoffs });
  const training = { ...trained.timings, totalMs: performance.now() - started, cutoffs: options.trainCutoffs, sample: trained.sample };
  const { runId } = await requestScoreRun(db, { retrain: false, actor: { kind: "system" } });
  const timings = await executeScoreRun(db, runId, { now: options.now, chunkSize: options.chunkSize });
  const progress = await getScoreRunProgress(db, { id: runId });
  return { training, scoring: { ...timings, total: progress?.total ?? 0, scored: progress?.scored ?? 0 } };
}

export function formatChurnBench(result: ChurnBenchResult): string[] {
  const t = result.training;
  const s = result.scoring;
  return [
    `training (${t.cutoffs} stacked cutoffs, backtest and final fit): ${fmtMs(t.totalMs)}`,
    `  sample: ${t.sample.members.toLocaleString("en")} of ${t.sample.eligible.toLocaleString("en")} members who could churn at the latest cutoff: ${fmtMs(t.sampleMs)}`,
    `  feature extraction and labels at ${t.extractions} cutoffs: ${fmtMs(t.extractMs)} (${fmtMs(t.extractMs / t.extractions)} per cutoff)`,
    `  backtest (GBT, logistic, RFM, BTYD baseline): ${fmtMs(t.backtestMs)}; final GBT fit: ${fmtMs(t.fitMs)}`,
    `full re-score of ${s.total.toLocaleString("en")} members (${s.scored.toLocaleString("en")} scored): ${fmtMs(s.totalMs)} (goal at 1M: < 60 s)`,
    // The run is a pipeline: the parts below overlap (the fit with the first chunk's extraction, extraction
    // and writing with scoring), so they add up to more than the total.
    `  BTYD fit (BG/NBD + Gamma-Gamma): ${fmtMs(s.btydFitMs)}; feature extraction: ${fmtMs(s.extractMs)}; scoring and reasons: ${fmtMs(s.scoreMs)}; writing scores and member_features: ${fmtMs(s.writeMs)} (overlapping); interventions, bands, end: ${fmtMs(s.finishMs)}`,
  ];
}
