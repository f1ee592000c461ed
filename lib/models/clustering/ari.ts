/** n choose 2. */
function pairs(n: number): number {
  return (n * (n - 1)) / 2;
}

/**
 * Adjusted Rand index (Hubert and Arabie 1985) between two labellings of the same items: 1 for the same
 * partition (whatever the label names), about 0 for independent ones, negative when worse than chance.
 * When both partitions are trivial (one cluster each, or all singletons) the index is 0/0; it is 1 then,
 * as in scikit-learn, since the partitions agree.
 */
export function adjustedRandIndex<A, B>(a: ArrayLike<A>, b: ArrayLike<B>): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`labellings differ in length: ${n} and ${b.length}`);
  const table = new Map<A, Map<B, number>>();
  const colTotals = new Map<B, number>();
  for (let i = 0; i < n; i++) {
    const x = a[i] as A;
    const y = b[i] as B;
    const row = table.get(x) ?? new Map<B, number>();
    table.set(x, row);
    row.set(y, (row.get(y) ?? 0) + 1);
    colTotals.set(y, (colTotals.get(y) ?? 0) + 1);
  }
  let index = 0;
  let sumRows = 0;
  for (const row of table.values()) {
    let rowTotal = 0;
    for (const count of row.values()) {
      index += pairs(count);
      rowTotal += count;
    }
    sumRows += pairs(rowTotal);
  }
  let sumCols = 0;
  for (const count of colTotals.values()) sumCols += pairs(count);
  const expected = n > 1 ? (sumRows * sumCols) / pairs(n) : 0;
  const maximum = (sumRows + sumCols) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
