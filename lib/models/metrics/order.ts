/** Labels are 0 (retained) or 1 (churned); anything else is an error naming the row. */
export function checkLabels(labels: ArrayLike<number>, caller: string): void {
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new RangeError(`${caller}: label at row ${i} is ${y}, expected 0 or 1`);
  }
}

/** Shared checks for the metrics: labels are 0/1, scores finite, both the same length. */
export function checkInputs(labels: ArrayLike<number>, scores: ArrayLike<number>, metric: string): void {
  if (labels.length !== scores.length) throw new RangeError(`${metric}: ${labels.length} labels but ${scores.length} scores`);
  checkLabels(labels, metric);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new RangeError(`${metric}: score at row ${i} is ${scores[i]}, expected a finite number`);
  }
}

/** Row indices by ascending score; equal scores keep row order, so every result is deterministic. */
export function ascendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const s = Float64Array.from(scores);
  order.sort((a, b) => (s[a] as number) - (s[b] as number) || a - b);
  return order;
}

export interface TieGroup {
  score: number;
  positives: number;
  negatives: number;
}

/**
 * Rows grouped by equal score, highest score first. Ranking metrics work on these groups: members with the
 * same score cannot be told apart, so a tie counts as half a correct ordering (AUC), enters the precision-
 * recall curve at one threshold (average precision), and is split pro rata at a cut-off (lift).
 */
export function descendingTieGroups(labels: ArrayLike<number>, scores: ArrayLike<number>): TieGroup[] {
  const order = ascendingOrder(scores);
  const groups: TieGroup[] = [];
  for (let end = order.length; end > 0; ) {
    const score = scores[order[end - 1] as number] as number;
    let start = end;
    let positives = 0;
    while (start > 0 && scores[order[start - 1] as number] === score) {
      start--;
      positives += labels[order[start] as number] as number;
    }
    groups.push({ score, positives, negatives: end - start - positives });
    end = start;
  }
  return groups;
}

export function countPositives(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
  return positives;
}
