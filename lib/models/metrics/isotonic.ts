import { ascendingOrder, checkInputs } from "./order";

/**
 * A non-decreasing step map from score to probability, fitted by pool-adjacent-violators: the least-squares
 * monotone fit of the outcomes on the score. Used to calibrate a classifier's scores on data it was not
 * trained on. Serializable as is (plain arrays).
 */
export interface IsotonicCalibration {
  kind: "isotonic";
  /** Per block, the lowest and highest score it covers and its fitted probability; blocks ascend. */
  lows: number[];
  highs: number[];
  values: number[];
}

export function fitIsotonic(labels: ArrayLike<number>, scores: ArrayLike<number>): IsotonicCalibration {
  checkInputs(labels, scores, "fitIsotonic");
  if (labels.length === 0) throw new RangeError("fitIsotonic needs at least one row");
  const order = ascendingOrder(scores);
  // Blocks as a stack: [low, high, sum of labels, weight]; equal scores always share one block.
  const lows: number[] = [];
  const highs: number[] = [];
  const sums: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const row = order[k] as number;
    const score = scores[row] as number;
    const label = labels[row] as number;
    const top = lows.length - 1;
    if (top >= 0 && highs[top] === score) {
      sums[top] = (sums[top] as number) + label;
      weights[top] = (weights[top] as number) + 1;
    } else {
      lows.push(score);
      highs.push(score);
      sums.push(label);
      weights.push(1);
    }
    // Pool while the newest block's mean falls below the one before it.
    while (lows.length > 1) {
      const last = lows.length - 1;
      const before = last - 1;
      if ((sums[before] as number) / (weights[before] as number) <= (sums[last] as number) / (weights[last] as number)) break;
      highs[before] = highs[last] as number;
      sums[before] = (sums[before] as number) + (sums[last] as number);
      weights[before] = (weights[before] as number) + (weights[last] as number);
      lows.pop();
      highs.pop();
      sums.pop();
      weights.pop();
    }
  }
  return { kind: "isotonic", lows, highs, values: sums.map((s, i) => s / (weights[i] as number)) };
}

/**
 * The calibrated probability of a score: the value of the block that covers it, linear between two blocks
 * (a score the fit never saw), and the end blocks' values beyond either end.
 */
export function applyIsotonic(calibration: IsotonicCalibration, score: number): number {
  const { lows, highs, values } = calibration;
  // The last block whose low is <= score.
  let lo = 0;
  let hi = lows.length - 1;
  if (score < (lows[0] as number)) return values[0] as number;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lows[mid] as number) <= score) lo = mid;
    else hi = mid - 1;
  }
  const high = highs[lo] as number;
  const next = lo + 1;
  if (score <= high || next >= lows.length) return values[lo] as number;
  const t = (score - high) / ((lows[next] as number) - high);
  return (values[lo] as number) + t * ((values[next] as number) - (values[lo] as number));
}

export function applyIsotonicAll(calibration: IsotonicCalibration, scores: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: scores.length }, (_, i) => applyIsotonic(calibration, scores[i] as number));
}
