/**
 * Special functions the BTYD likelihoods need: log-gamma and Gauss's hypergeometric series.
 *
 * Written here rather than taken from npm: the one maintained log-gamma package (@stdlib's gammaln) pulls
 * about 165 packages into the tree for a 15-line formula, and no npm package computes 2F1 at all. Both are
 * tested against exact values in special.test.ts.
 */

// Lanczos approximation, g = 7, n = 9 (the coefficients of Numerical Recipes / Godfrey): relative error
// about 1e-15 for positive arguments, far below what the likelihoods' 0.1 tolerance needs.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(z) for z > 0. */
export function logGamma(z: number): number {
  if (!(z > 0)) return Number.NaN;
  // Reflection keeps the series accurate for small arguments: Γ(z)Γ(1 - z) = π / sin(πz).
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const y = z - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** ln(e^a - e^b) for a >= b; -Infinity when they are equal (or b > a by rounding). */
export function logSubExp(a: number, b: number): number {
  if (b >= a) return Number.NEGATIVE_INFINITY;
  return a + Math.log(-Math.expm1(b - a));
}

const SERIES_EPSILON = 1e-15;
/** Past this many terms a series returns its partial sum (only reached for z within ~1e-5 of 1). */
const SERIES_MAX_TERMS = 1_000_000;

/**
 * Sums first + Σ_{j≥1} term_j where term_j = term_{j-1} · ratio(j - 1) and the ratio tends to z (|z| < 1).
 * Stops once past the region where the ratio may still move away from z (j beyond the parameters' size) and
 * the geometric bound on the tail, |term| · q / (1 - q) with q = max(|ratio|, |z|), is below 1e-15 of the sum.
 */
function sumSeries(first: number, ratio: (j: number) => number, z: number, settleAfter: number): number {
  let term = first;
  let sum = first;
  for (let j = 0; j < SERIES_MAX_TERMS; j++) {
    const q = ratio(j);
    term *= q;
    sum += term;
    if (term === 0) return sum;
    if (j >= settleAfter) {
      const bound = Math.max(Math.abs(q), Math.abs(z));
      if (bound < 1 && (Math.abs(term) * bound) / (1 - bound) <= SERIES_EPSILON * Math.abs(sum)) return sum;
    }
  }
  return sum;
}

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) by its power series, for 0 <= z < 1 and c > 0.
 * Callers transform their arguments first (Euler's transformation) so that terms stay small.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 <= z < 1, got ${z}`);
  if (z === 0) return 1;
  const settle = Math.abs(a) + Math.abs(b) + Math.abs(c);
  return sumSeries(1, (j) => (((a + j) * (b + j)) / ((c + j) * (j + 1))) * z, z, settle);
}

/**
 * (2F1(a, b; c; z) - 1) / b, summed directly: Σ_{j≥1} (a)_j (b+1)_{j-1} / ((c)_j j!) z^j.
 * The BG/NBD expectations divide 1 - 2F1 by (b) = (a_model - 1); summing the quotient keeps them exact as
 * the BG/NBD parameter a passes through 1, where the plain formula is 0/0.
 */
export function hyp2f1MinusOneOverB(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 <= z < 1, got ${z}`);
  if (z === 0) return 0;
  const settle = Math.abs(a) + Math.abs(b) + Math.abs(c);
  // term_1 = a z / c; term_{j+1} / term_j = (a + j)(b + j) z / ((c + j)(j + 1)).
  return sumSeries((a * z) / c, (j) => (((a + j + 1) * (b + j + 1)) / ((c + j + 1) * (j + 2))) * z, z, settle);
}

/** Terms summed by the Pareto/NBD series before the rest is bounded from below (see below). */
const PARETO_SERIES_MAX_TERMS = 20_000;

/**
 * ln 2F1(a, b; a + 1; z) for a > 0, b > 0, 0 <= z < 1: the Pareto/NBD form. Euler's transformation
 * 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z) turns it into (1 - z)^(1 - b) 2F1(1, a + 1 - b; a + 1; z),
 * whose terms are positive and fall at least as fast as z^j, so nothing overflows even when b (= r + x) is
 * in the hundreds and z is close to 1 (where the untransformed series' terms grow like (1 - z)^-b).
 *
 * The term ratio (a + 1 - b + j) / (a + 1 + j) · z rises towards z, so the tail after a term is at most
 * term · z / (1 - z) and at least term · ratio / (1 - ratio). The loop stops when the upper bound is below
 * 1e-15 of the sum, which takes about 35 / (1 - z) terms; past 20,000 terms (z within ~2e-3 of 1, i.e. α and
 * β thousands of times apart, which only an optimizer's excursion or a fit running off to "nobody ever
 * leaves" reaches) it adds the lower bound instead: the likelihood there is slightly underestimated, so an
 * excursion is never rewarded, and an evaluation stays fast.
 */
export function logHyp2f1APlusOne(a: number, b: number, z: number): number {
  if (z === 0) return 0;
  const p = a + 1 - b;
  const q = a + 1;
  const tailFactor = z / (1 - z);
  let term = 1;
  let sum = 1;
  let ratio = 0;
  for (let j = 0; j < PARETO_SERIES_MAX_TERMS; j++) {
    ratio = ((p + j) / (q + j)) * z;
    term *= ratio;
    sum += term;
    if (term * tailFactor <= SERIES_EPSILON * sum) return (1 - b) * Math.log1p(-z) + Math.log(sum);
  }
  sum += (term * ratio) / (1 - ratio);
  return (1 - b) * Math.log1p(-z) + Math.log(sum);
}
