import { logBeta } from "@/lib/models/btyd/special";

/**
 * Measurement of a campaign against its holdout: the difference in revenue per member with Welch's
 * unequal-variance t interval, what it is worth (incremental revenue, lift, ROI), and the Wilson interval of
 * a redemption rate. Pure: the caller brings each group's count, sum and sum of squares (docs/campaigns-learning.md).
 *
 * The Student t quantile is computed here rather than taken from npm: jstat (the usual choice) has had no
 * release since 2022 and ships no types, and @stdlib's t-quantile pulls dozens of @stdlib packages into the
 * tree for what is an inverse of the regularized incomplete beta function: about 60 lines below, checked
 * against R's qt() in lift.test.ts.
 */

/** One group's revenue per member within the attribution window: integer minor units, as numbers. */
export interface GroupTotals {
  n: number;
  sum: number;
  /** Σ x², for the variance. Past 2^53 (≈ 9·10^15) it is no longer exact: about 10^6 members at 100.00 each. */
  sumSquares: number;
}

export interface GroupComparison {
  treatedMean: number;
  controlMean: number;
  /** treatedMean - controlMean, per member, minor units. */
  difference: number;
  differenceLow: number;
  differenceHigh: number;
  /** difference × treated.n: what the campaign added over the treated members, minor units. */
  incremental: number;
  incrementalLow: number;
  incrementalHigh: number;
  /** difference / controlMean; null when the control's mean is not positive (a share of nothing means nothing). */
  lift: number | null;
  liftLow: number | null;
  liftHigh: number | null;
  standardError: number;
  /** Welch–Satterthwaite degrees of freedom. */
  degreesOfFreedom: number;
}

/** Sample variance (n - 1 in the denominator) from the totals; rounding can push a zero spread below 0. */
function sampleVariance(g: GroupTotals): number {
  return Math.max(0, (g.sumSquares - (g.sum * g.sum) / g.n) / (g.n - 1));
}

/**
 * Welch's t interval for treated - control (Welch 1947; R's t.test(var.equal = FALSE)). Null when either
 * group has fewer than 2 members: there is no variance to estimate.
 *
 * The lift's bounds divide the difference's bounds by the control's mean, taken as known; with a small
 * control group a ratio interval (Fieller's) would be wider.
 */
export function compareGroups(treated: GroupTotals, control: GroupTotals, options: { confidence?: number } = {}): GroupComparison | null {
  if (treated.n < 2 || control.n < 2) return null;
  const confidence = options.confidence ?? 0.95;
  const treatedMean = treated.sum / treated.n;
  const controlMean = control.sum / control.n;
  const difference = treatedMean - controlMean;
  const vt = sampleVariance(treated) / treated.n;
  const vc = sampleVariance(control) / control.n;
  const standardError = Math.sqrt(vt + vc);
  // Both groups without spread: the difference is exact; the pooled df is reported as there is no ratio to take.
  const degreesOfFreedom =
    standardError === 0 ? treated.n + control.n - 2 : (vt + vc) ** 2 / ((vt * vt) / (treated.n - 1) + (vc * vc) / (control.n - 1));
  const half = standardError === 0 ? 0 : studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
  const differenceLow = difference - half;
  const differenceHigh = difference + half;
  const relative = (x: number) => (controlMean > 0 ? x / controlMean : null);
  return {
    treatedMean,
    controlMean,
    difference,
    differenceLow,
    differenceHigh,
    incremental: difference * treated.n,
    incrementalLow: differenceLow * treated.n,
    incrementalHigh: differenceHigh * treated.n,
    lift: relative(difference),
    liftLow: relative(differenceLow),
    liftHigh: relative(differenceHigh),
    standardError,
    degreesOfFreedom,
  };
}

/**
 * Return on the campaign's cost: (incremental revenue × margin - cost) / cost, where the margin turns revenue
 * into profit (40 means 40 %). 0.6 reads "each 1.00 spent came back as 1.60". Null when nothing was spent.
 */
export function roi(params: { incrementalRevenueMinor: number; marginPercent: number; costMinor: number }): number | null {
  if (params.costMinor === 0) return null;
  return (params.incrementalRevenueMinor * (params.marginPercent / 100) - params.costMinor) / params.costMinor;
}

/** z for a two-sided 95 % interval: Φ⁻¹(0.975). */
const Z_95 = 1.959963984540054;

/**
 * Wilson's score interval (Wilson 1927) for a redemption rate: unlike p ± z·sqrt(p(1-p)/n) it stays inside
 * [0, 1] and is not empty at 0 or n redemptions, which small campaigns and variants often show.
 * Null when there were no trials.
 */
export function rateInterval(successes: number, trials: number): { rate: number; low: number; high: number } | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = Z_95 * Z_95;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (Z_95 / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At 0 and n redemptions the bounds are exactly 0 and 1; the formula reaches them only up to rounding.
  return { rate: p, low: successes <= 0 ? 0 : Math.max(0, centre - half), high: successes >= trials ? 1 : Math.min(1, centre + half) };
}

// --- Student's t -------------------------------------------------------------------------------------

/**
 * Continued fraction of the regularized incomplete beta function (Numerical Recipes §6.4, modified Lentz).
 * Converges fast for x < (a + 1) / (a + b + 2); the caller uses the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) otherwise.
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < TINY ? TINY : d);
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    for (const coefficient of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + coefficient * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + coefficient / c;
      if (Math.abs(c) < TINY) c = TINY;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 <= x <= 1. */
export function incompleteBetaRegularized(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with df degrees of freedom (df > 0, not necessarily an integer). */
export function studentTCdf(t: number, df: number): number {
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2).
  const tail = 0.5 * incompleteBetaRegularized(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t, 0.5 < p < 1 (the upper quantiles an interval needs), by bisection on the
 * CDF: 60 halvings of a bracket found by doubling give 1e-12 or better, and an interval needs one call.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0.5 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile needs 0.5 < p < 1 and df > 0 (got p=${p}, df=${df})`);
  let low = 0;
  let high = 2;
  while (studentTCdf(high, df) < p) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 200 && high - low > 1e-13 * high; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
