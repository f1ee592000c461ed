import { checkInputs, countPositives, descendingTieGroups } from "./order";

function requireBothClasses(labels: ArrayLike<number>, metric: string): { positives: number; negatives: number } {
  const positives = countPositives(labels);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError(`${metric} needs at least one positive and one negative label`);
  return { positives, negatives };
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative, a tie
 * counting one half (the Mann-Whitney U statistic over positives x negatives). One sort, O(n log n).
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkInputs(labels, scores, "rocAuc");
  const { positives, negatives } = requireBothClasses(labels, "rocAuc");
  // Walking from the highest score down: each positive beats every negative still below it.
  let negativesAbove = 0;
  let wins = 0;
  for (const group of descendingTieGroups(labels, scores)) {
    const negativesBelow = negatives - negativesAbove - group.negatives;
    wins += group.positives * negativesBelow + 0.5 * group.positives * group.negatives;
    negativesAbove += group.negatives;
  }
  return wins / (positives * negatives);
}

/**
 * Average precision, the usual estimate of the area under the precision-recall curve (as scikit-learn's
 * average_precision_score): the sum over thresholds of (recall gained) x (precision at that threshold),
 * with all rows of equal score entering at one threshold. No interpolation, which would be optimistic.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkInputs(labels, scores, "averagePrecision");
  const { positives } = requireBothClasses(labels, "averagePrecision");
  let truePositives = 0;
  let selected = 0;
  let sum = 0;
  for (const group of descendingTieGroups(labels, scores)) {
    truePositives += group.positives;
    selected += group.positives + group.negatives;
    sum += (group.positives / positives) * (truePositives / selected);
  }
  return sum;
}

/**
 * Lift in the top `fraction` of rows by score: their positive rate over the overall positive rate
 * (top decile: fraction 0.1). The top share is n x fraction rows; rows tied at the cut-off count pro rata,
 * i.e. the expected lift when ties are broken at random, so the order of tied rows never matters.
 */
export function liftAt(labels: ArrayLike<number>, scores: ArrayLike<number>, fraction = 0.1): number {
  return liftCurve(labels, scores, [fraction])[0] as number;
}

const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/**
 * Cumulative lift at each of the ascending `fractions` (default 0.1, 0.2, ..., 1: the lift chart by decile),
 * in one pass over the rows sorted by score; the same rule for ties as liftAt.
 */
export function liftCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, fractions: readonly number[] = DECILES): number[] {
  checkInputs(labels, scores, "liftCurve");
  fractions.forEach((fraction, k) => {
    if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`liftCurve: fraction must be in (0, 1], got ${fraction}`);
    if (k > 0 && fraction <= (fractions[k - 1] as number)) throw new RangeError("liftCurve: fractions must ascend");
  });
  const { positives } = requireBothClasses(labels, "liftCurve");
  const rate = positives / labels.length;
  const lifts: number[] = [];
  let k = 0;
  let taken = 0;
  let positivesTaken = 0;
  for (const group of descendingTieGroups(labels, scores)) {
    const size = group.positives + group.negatives;
    // Every cut that falls inside this group takes its part of the group, pro rata.
    while (k < fractions.length) {
      const cut = labels.length * (fractions[k] as number);
      if (cut > taken + size) break;
      lifts.push((positivesTaken + ((cut - taken) * group.positives) / size) / cut / rate);
      k++;
    }
    if (k >= fractions.length) break;
    taken += size;
    positivesTaken += group.positives;
  }
  return lifts;
}
