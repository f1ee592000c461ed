import { featureImportances, predictProbabilities, trainGbt, type FeatureImportance, type GbtModel, type GbtParams } from "../gbt";
import { predictLogistic, trainLogistic, type LogisticModel, type LogisticParams } from "../logistic";
import { columnOf, featureMatrix, takeRows, type FeatureMatrix } from "../matrix";
import { applyIsotonicAll, averagePrecision, brierScore, calibrationCurve, fitIsotonic, liftAt, liftCurve, rocAuc, type CalibrationCurve } from "../metrics";
import { SeededRandom } from "../random";
import type { LabelledSet } from "./dataset";
import { DAY_MS } from "../../time";

/** A score computed outside the backtest, e.g. 1 - P(alive) from lib/models/btyd, for the test members. */
export interface ScoreBaseline {
  name: string;
  /** One per test row, in test.memberIds order, from data before the test cutoff; higher = more likely to churn. */
  testScores: Float64Array;
  /** True when the scores are churn probabilities over the same horizon: Brier and calibration are then reported. */
  probabilities: boolean;
}

export type CutoffSet = LabelledSet & { cutoff: Date };

export interface BacktestInput {
  /**
   * Features as of each training cutoff, labels over [cutoff, cutoff + horizon). One cutoff, or several
   * stacked (a member then appears once per cutoff): more rows, and more than one season to learn from.
   */
  train: CutoffSet | readonly CutoffSet[];
  /** Features as of test.cutoff, labels over [test.cutoff, test.cutoff + horizon). */
  test: CutoffSet;
  horizonDays: number;
  /** The feature names the RFM-only baseline reads. */
  rfm: { recency: string; frequency: string; monetary: string };
  scoreBaselines?: readonly ScoreBaseline[];
  gbt?: Partial<GbtParams>;
  logistic?: Partial<LogisticParams>;
  /** Share of training members held out for the GBT's early stopping (and its calibration). */
  validationFraction?: number;
  /** Also report the GBT calibrated by isotonic regression fitted on the held-out training members. */
  isotonic?: boolean;
  seed?: number;
}

export interface ModelEvaluation {
  name: string;
  auc: number;
  prAuc: number;
  topDecileLift: number;
  /** Cumulative lift in the top 10%, 20%, ..., 100% of scores (the lift chart). */
  liftCurve: number[];
  /** Null for scores that are not probabilities. */
  brier: number | null;
  calibration: CalibrationCurve | null;
}

export interface BacktestResult {
  trainCutoffs: Date[];
  testCutoff: Date;
  horizonDays: number;
  trainRows: number;
  testRows: number;
  trainChurnRate: number;
  testChurnRate: number;
  evaluations: ModelEvaluation[];
  importances: FeatureImportance[];
  models: { gbt: GbtModel; logistic: LogisticModel; rfm: LogisticModel };
  /** Every evaluated model's scores for the test rows, by name (for judging against other truths). */
  testScores: Map<string, Float64Array>;
  timings: { gbtMs: number; logisticMs: number; rfmMs: number; scoringMs: number };
}

export const MODEL_NAMES = { gbt: "gbt", gbtIsotonic: "gbt (isotonic)", logistic: "logistic", rfm: "rfm" } as const;

/**
 * The protocol's one rule against leakage: the training labels look at purchases up to
 * train.cutoff + horizon, so that moment must not lie after the test cutoff. Otherwise the model would be
 * trained on outcomes from the period its test members' features already cover.
 */
export function checkNoLeakage(trainCutoff: Date, testCutoff: Date, horizonDays: number): void {
  const trainLabelsEnd = trainCutoff.getTime() + horizonDays * DAY_MS;
  if (trainLabelsEnd > testCutoff.getTime()) {
    throw new RangeError(
      `backtest leakage: training labels run to ${new Date(trainLabelsEnd).toISOString()}, after the test cutoff ${testCutoff.toISOString()}; ` +
        `the test cutoff must be at least ${horizonDays} days after the training cutoff`,
    );
  }
}

/** log1p of recency, frequency and monetary: the RFM baseline's three inputs, on the scale their effect is roughly linear in. */
export function rfmMatrix(features: FeatureMatrix, rfm: BacktestInput["rfm"]): FeatureMatrix {
  const names = [rfm.recency, rfm.frequency, rfm.monetary];
  return featureMatrix(
    names.map((n) => `log1p_${n}`),
    names.map((n) => columnOf(features, n).map((v) => Math.log1p(Math.max(0, v)))),
  );
}

export function evaluateScores(name: string, labels: Uint8Array, scores: Float64Array, probabilities: boolean): ModelEvaluation {
  return {
    name,
    auc: rocAuc(labels, scores),
    prAuc: averagePrecision(labels, scores),
    topDecileLift: liftAt(labels, scores, 0.1),
    liftCurve: liftCurve(labels, scores),
    brier: probabilities ? brierScore(labels, scores) : null,
    calibration: probabilities ? calibrationCurve(labels, scores, 10) : null,
  };
}

function churnRate(labels: Uint8Array): number {
  return labels.reduce((s, y) => s + y, 0) / Math.max(1, labels.length);
}

function timed<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

/** Training sets stacked into one; every set must have the same features. */
export function stackSets(sets: readonly CutoffSet[]): LabelledSet {
  const first = sets[0];
  if (!first) throw new RangeError("backtest needs at least one training cutoff");
  const names = first.features.featureNames;
  for (const set of sets) {
    if (set.features.featureNames.join("\u0000") !== names.join("\u0000")) throw new RangeError("backtest: every cutoff must have the same features in the same order");
  }
  if (sets.length === 1) return first;
  const rows = sets.reduce((n, s) => n + s.labels.length, 0);
  const columns = names.map((_, f) => {
    const column = new Float64Array(rows);
    let offset = 0;
    for (const set of sets) {
      column.set(set.features.columns[f] as Float64Array, offset);
      offset += set.labels.length;
    }
    return column;
  });
  const labels = new Uint8Array(rows);
  let offset = 0;
  for (const set of sets) {
    labels.set(set.labels, offset);
    offset += set.labels.length;
  }
  return { memberIds: sets.flatMap((s) => s.memberIds), features: featureMatrix(names, columns), labels };
}

/**
 * The GBT on a (stacked) training set, with early stopping on held-out members: drawn from the training
 * members only, so a test period stays unseen, and by member, so that a member stacked at several cutoffs
 * is never on both sides. Returns the held-out rows too (for calibration). The backtest and the product's
 * training (db/queries/churn-train.ts) both fit through here.
 */
export function fitChurnGbt(
  train: LabelledSet,
  options: { seed?: number; validationFraction?: number; gbt?: Partial<GbtParams> } = {},
): { model: GbtModel; held: { features: FeatureMatrix; labels: Uint8Array } } {
  const random = new SeededRandom(options.seed ?? 1);
  const fraction = options.validationFraction ?? 0.2;
  const heldOut = new Map<string, boolean>();
  const fit: number[] = [];
  const held: number[] = [];
  train.memberIds.forEach((id, i) => {
    let isHeld = heldOut.get(id);
    if (isHeld === undefined) heldOut.set(id, (isHeld = random.uniform() < fraction));
    (isHeld ? held : fit).push(i);
  });
  const heldSet = { features: takeRows(train.features, held), labels: Uint8Array.from(held, (i) => train.labels[i] as number) };
  const model = trainGbt({
    features: takeRows(train.features, fit),
    labels: Uint8Array.from(fit, (i) => train.labels[i] as number),
    validation: heldSet,
    params: { seed: options.seed ?? 1, ...options.gbt },
  });
  return { model, held: heldSet };
}

/**
 * Time-based backtest: every model learns from members as they were at the training cutoff and what they
 * did in the horizon after it, then ranks members as they were at the later test cutoff; the metrics
 * compare those rankings with what the test members then did. Models: the GBT on all features, a logistic
 * regression on all features, an RFM-only logistic regression, and any precomputed score baselines (BTYD).
 */
export function runBacktest(input: BacktestInput): BacktestResult {
  const { test, horizonDays } = input;
  const cutoffSets = "cutoff" in input.train ? [input.train as CutoffSet] : (input.train as readonly CutoffSet[]);
  for (const set of cutoffSets) checkNoLeakage(set.cutoff, test.cutoff, horizonDays);
  const train = stackSets(cutoffSets);
  if (train.features.featureNames.join("\u0000") !== test.features.featureNames.join("\u0000")) {
    throw new RangeError("backtest: training and test features must have the same names in the same order");
  }
  for (const baseline of input.scoreBaselines ?? []) {
    if (baseline.testScores.length !== test.labels.length) {
      throw new RangeError(`backtest: baseline "${baseline.name}" has ${baseline.testScores.length} scores for ${test.labels.length} test members`);
    }
  }

  const [{ model: gbt, held: heldOut }, gbtMs] = timed(() =>
    fitChurnGbt(train, { seed: input.seed, validationFraction: input.validationFraction, gbt: input.gbt }),
  );
  const [logistic, logisticMs] = timed(() => trainLogistic(train.features, train.labels, input.logistic));
  const [rfm, rfmMs] = timed(() => trainLogistic(rfmMatrix(train.features, input.rfm), train.labels, input.logistic));

  const started = performance.now();
  const testScores = new Map<string, Float64Array>();
  const probabilities = new Map<string, boolean>();
  const add = (name: string, scores: Float64Array, isProbability: boolean) => {
    testScores.set(name, scores);
    probabilities.set(name, isProbability);
  };
  const gbtScores = predictProbabilities(gbt, test.features);
  add(MODEL_NAMES.gbt, gbtScores, true);
  if (input.isotonic) {
    const calibration = fitIsotonic(heldOut.labels, predictProbabilities(gbt, heldOut.features));
    add(MODEL_NAMES.gbtIsotonic, applyIsotonicAll(calibration, gbtScores), true);
  }
  add(MODEL_NAMES.logistic, predictLogistic(logistic, test.features), true);
  add(MODEL_NAMES.rfm, predictLogistic(rfm, rfmMatrix(test.features, input.rfm)), true);
  for (const baseline of input.scoreBaselines ?? []) add(baseline.name, baseline.testScores, baseline.probabilities);
  const scoringMs = performance.now() - started;

  return {
    trainCutoffs: cutoffSets.map((set) => set.cutoff),
    testCutoff: test.cutoff,
    horizonDays,
    trainRows: train.labels.length,
    testRows: test.labels.length,
    trainChurnRate: churnRate(train.labels),
    testChurnRate: churnRate(test.labels),
    evaluations: [...testScores].map(([name, scores]) => evaluateScores(name, test.labels, scores, probabilities.get(name) === true)),
    importances: featureImportances(gbt),
    models: { gbt, logistic, rfm },
    testScores,
    timings: { gbtMs, logisticMs, rfmMs, scoringMs },
  };
}
