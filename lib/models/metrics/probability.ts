import { ascendingOrder, checkInputs } from "./order";

function checkProbabilities(probabilities: ArrayLike<number>, metric: string): void {
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${metric}: probability at row ${i} is ${p}, expected a number in [0, 1]`);
  }
}

/** Mean squared difference between predicted probability and outcome: 0 is perfect, 0.25 is a coin. */
export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkInputs(labels, probabilities, "brierScore");
  checkProbabilities(probabilities, "brierScore");
  if (labels.length === 0) throw new RangeError("brierScore needs at least one row");
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += ((probabilities[i] as number) - (labels[i] as number)) ** 2;
  return sum / labels.length;
}

/** Mean negative log-likelihood of the outcomes (natural log), probabilities clipped to [1e-15, 1 - 1e-15]. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkInputs(labels, probabilities, "logLoss");
  checkProbabilities(probabilities, "logLoss");
  if (labels.length === 0) throw new RangeError("logLoss needs at least one row");
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[i] as number));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

export interface CalibrationBin {
  count: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
}

export interface CalibrationCurve {
  bins: CalibrationBin[];
  /** Sum over bins of (bin share) x |mean predicted - observed rate|. */
  expectedCalibrationError: number;
}

/**
 * Reliability curve over equal-count bins of the predicted probability (deciles by default): in a
 * calibrated model each bin's observed rate equals its mean prediction. Rows are ordered by prediction
 * (ties by row order) and cut into `bins` runs whose sizes differ by at most one.
 */
export function calibrationCurve(labels: ArrayLike<number>, probabilities: ArrayLike<number>, bins = 10): CalibrationCurve {
  checkInputs(labels, probabilities, "calibrationCurve");
  checkProbabilities(probabilities, "calibrationCurve");
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibrationCurve: bins must be a positive integer, got ${bins}`);
  const n = labels.length;
  const order = ascendingOrder(probabilities);
  const result: CalibrationBin[] = [];
  let error = 0;
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * n) / bins);
    const end = Math.floor(((b + 1) * n) / bins);
    if (end === start) continue;
    let predicted = 0;
    let observed = 0;
    for (let k = start; k < end; k++) {
      const row = order[k] as number;
      predicted += probabilities[row] as number;
      observed += labels[row] as number;
    }
    const count = end - start;
    const bin: CalibrationBin = {
      count,
      meanPredicted: predicted / count,
      observedRate: observed / count,
      minPredicted: probabilities[order[start] as number] as number,
      maxPredicted: probabilities[order[end - 1] as number] as number,
    };
    error += (count / n) * Math.abs(bin.meanPredicted - bin.observedRate);
    result.push(bin);
  }
  return { bins: result, expectedCalibrationError: error };
}
