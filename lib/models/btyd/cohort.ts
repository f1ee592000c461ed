/**
 * The tracking plot of Fader, Hardie & Lee (2005, figure 3): the cohort's expected cumulative repeat
 * purchases by time w is Σ_i E[X(w - b_i)], the unconditional expectation of each customer from their
 * first purchase b_i on (0 before it). Customers are grouped by birth time, so the cost is per distinct
 * birth time and point, not per customer.
 */
export function expectedCumulativeRepeats(
  expectedPurchases: (t: number) => number,
  births: readonly number[],
  at: readonly number[],
): number[] {
  const byBirth = new Map<number, number>();
  for (const b of births) byBirth.set(b, (byBirth.get(b) ?? 0) + 1);
  return at.map((w) => {
    let total = 0;
    for (const [birth, count] of byBirth) if (w > birth) total += count * expectedPurchases(w - birth);
    return total;
  });
}
