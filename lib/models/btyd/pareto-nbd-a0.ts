import type { ParetoNbdParams as ParetoParams } from "./pareto-nbd";
import { logHyp2f1APlusOne, logSubExp } from "./special";

/**
 * A_0 of the Pareto/NBD likelihood (Fader & Hardie, "A Note on Deriving the Pareto/NBD Model and Related
 * Expressions", 2005): the part of the likelihood in which the customer died between t_x and T,
 *   (s / (r+s+x)) A_0 = s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ.
 * Two ways to compute it, chosen by where the parameters are:
 * - the note's closed form, a difference of two 2F1 terms (one at t_x, one at T), each a function of (x, t)
 *   alone, which the fast likelihood path computes once per distinct pair;
 * - a direct series for the integral when β is far above α + T (z near 1, where the 2F1 series needs
 *   thousands of terms): the dropout heterogeneity is then small (s and β large, s/β finite), a real
 *   region for customers who all leave at about the same rate.
 */
/**
 * ln[2F1(r+s+x, k; r+s+x+1; |α-β|/(m+t)) / (m+t)^(r+s+x)], m = max(α, β), k = s+1 when α >= β and r+x
 * otherwise (so that 0 <= z < 1). A_0 = term(t_x) - term(T).
 */
export function logA0Term(p: ParetoParams, x: number, t: number): number {
  const { r, alpha, s, beta } = p;
  const rsx = r + s + x;
  const [high, low, k] = alpha >= beta ? [alpha, beta, s + 1] : [beta, alpha, r + x];
  return logHyp2f1APlusOne(rsx, k, (high - low) / (high + t)) - rsx * Math.log(high + t);
}

/** The expansion converges like (α+T)/(β-α) and its alternating terms cancel by about e^(2(s+1)(α+T)/(β-α)). */
export function useDirectSeries(p: ParetoParams, T: number): boolean {
  if (!(p.beta > p.alpha)) return false;
  const y = (p.alpha + T) / (p.beta - p.alpha);
  return y <= 0.25 && (p.s + 1) * y <= 4;
}

/**
 * ln A_0 by expanding (β+τ)^-(s+1) = D^-(s+1) Σ_k (s+1)_k / k! (-u/D)^k around u = α+τ, D = β-α, and
 * integrating term by term: A_0 = (r+s+x) D^-(s+1) Σ_k (-1)^k (s+1)_k / k! D^-k (u₂^e - u₁^e) / e, with
 * e = k - (r+x) + 1, u₁ = α+t_x, u₂ = α+T. (u₂^e - u₁^e)/e is taken as u₁^e expm1(e ln(u₂/u₁))/e, exact
 * as e passes through 0 (an integer r+x), and u₁^(1-r-x) is factored out so nothing overflows.
 * Returns NaN if cancellation left a non-positive sum (the caller then uses the closed form).
 */
export function logA0DirectSeries(p: ParetoParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  if (T === tx) return Number.NEGATIVE_INFINITY;
  const m = r + x;
  const n = s + 1;
  const D = beta - alpha;
  const u1 = alpha + tx;
  const L = Math.log((alpha + T) / u1);
  const y1 = u1 / D;
  // Terms peak near k = n y / (1 - y) with y = (α+T)/D; past it they fall at least geometrically.
  const y2 = (alpha + T) / D;
  const peak = (n * y2) / (1 - y2);
  let weight = 1; // (-1)^k (n)_k / k! · (u₁/D)^k, kept as one number: its two factors alone overflow
  let sum = 0;
  for (let k = 0; k < 500 && weight !== 0; k++) {
    const e = k - m + 1;
    const eL = e * L;
    let term: number;
    if (Math.abs(e) < 1e-12) term = weight * L;
    else if (eL > 30) term = (Math.sign(weight) * Math.exp(Math.log(Math.abs(weight)) + eL) - weight) / e;
    else term = (weight * Math.expm1(eL)) / e;
    sum += term;
    if (k > peak && Math.abs(term) <= 1e-16 * Math.abs(sum)) break;
    weight *= (-(n + k) / (k + 1)) * y1;
  }
  if (!(sum > 0)) return Number.NaN;
  return Math.log(r + s + x) - n * Math.log(D) + (1 - m) * Math.log(u1) + Math.log(sum);
}

/** ln A_0 for one customer, by whichever method suits the parameters. */
export function logA0(p: ParetoParams, x: number, tx: number, T: number): number {
  if (useDirectSeries(p, T)) {
    const direct = logA0DirectSeries(p, x, tx, T);
    if (!Number.isNaN(direct)) return direct;
  }
  return logSubExp(logA0Term(p, x, tx), logA0Term(p, x, T));
}
