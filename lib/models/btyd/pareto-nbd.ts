import { observedRate } from "./bgnbd";
import { fitMaximumLikelihood, type FitResult } from "./fit";
import { logA0, logA0DirectSeries, logA0Term, useDirectSeries } from "./pareto-nbd-a0";
import { logAddExp, logGamma, logSubExp } from "./special";
import { prepareRfm, type PreparedRfm } from "./prepared";
import { asCompressed, totalCount, type CompressedRfm, type RfmStats } from "./summary";

/**
 * Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting Your Customers: Who Are They and What Will
 * They Do Next?", Management Science 33(1). While alive a customer buys at Poisson rate λ ~ Gamma(r, α) and
 * stays alive for an exponential lifetime of rate μ ~ Gamma(s, β). Formulas from Fader & Hardie (2005),
 * "A Note on Deriving the Pareto/NBD Model and Related Expressions".
 */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export const PARETO_NBD_NAMES = ["r", "alpha", "s", "beta"] as const;

/**
 * ln L of one customer (the note's final likelihood):
 * L = Γ(r+x) α^r β^s / Γ(r) · [ 1 / ((α+T)^(r+x) (β+T)^s) + (s / (r+s+x)) A_0 ].
 */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, c: RfmStats): number {
  const { r, alpha, s, beta } = p;
  const { x, tx, T } = c;
  const logHead = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const logAliveAtT = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const logDiedBefore = Math.log(s) - Math.log(r + s + x) + logA0(p, x, tx, T);
  return logHead + logAddExp(logAliveAtT, logDiedBefore);
}

/** Σ count · ln L over compressed rows, one row at a time (the reference the fast path is tested against). */
export function paretoNbdTotalLogLikelihood(p: ParetoNbdParams, data: readonly CompressedRfm[]): number {
  let sum = 0;
  for (const c of data) sum += c.count * paretoNbdLogLikelihood(p, c);
  return sum;
}

/**
 * The same sum with the gamma functions computed once per distinct x and the hypergeometric terms of A_0
 * once per distinct (x, t_x) and (x, T) pair: far fewer than the rows, since each row pairs one of each.
 * (Rows in the direct-series region of A_0 compute it per row; see pareto-nbd-a0.ts.)
 */
export function paretoNbdPreparedLogLikelihood(p: ParetoNbdParams, d: PreparedRfm): number {
  const { r, alpha, s, beta } = p;
  const constant = -logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const head = Float64Array.from(d.xs, (x) => constant + logGamma(r + x));
  // Filled on first use: rows in the direct-series region never need their pairs' terms.
  const hyperTerm = new Float64Array(d.pairX.length).fill(Number.NaN);
  const pairTerm = (k: number) => {
    if (Number.isNaN(hyperTerm[k]!)) hyperTerm[k] = logA0Term(p, d.pairX[k]!, d.pairT[k]!);
    return hyperTerm[k]!;
  };
  let sum = 0;
  for (let i = 0; i < d.rows; i++) {
    const x = d.x[i]!;
    const T = d.T[i]!;
    const logAliveAtT = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const direct = useDirectSeries(p, T) ? logA0DirectSeries(p, x, d.tx[i]!, T) : Number.NaN;
    const logA0 = Number.isNaN(direct) ? logSubExp(pairTerm(d.txPairIndex[i]!), pairTerm(d.TPairIndex[i]!)) : direct;
    const logDiedBefore = Math.log(s) - Math.log(r + s + x) + logA0;
    sum += d.count[i]! * (head[d.xIndex[i]!]! + logAddExp(logAliveAtT, logDiedBefore));
  }
  return sum;
}

/** Fits on compressed rows. Start: r = 1, α = 1 / observed rate (as for BG/NBD); s = 1, β = mean T. */
export function fitParetoNbd(data: readonly (RfmStats | CompressedRfm)[]): FitResult<keyof ParetoNbdParams> {
  const rows = asCompressed(data);
  if (rows.length === 0) throw new RangeError("fitParetoNbd needs at least one customer");
  const prepared = prepareRfm(rows);
  const customers = totalCount(rows);
  const meanT = rows.reduce((sum, c) => sum + c.count * c.T, 0) / customers;
  return fitMaximumLikelihood({
    names: PARETO_NBD_NAMES,
    logLikelihood: ([r, alpha, s, beta]) => paretoNbdPreparedLogLikelihood({ r: r!, alpha: alpha!, s: s!, beta: beta! }, prepared),
    start: [1, 1 / observedRate(rows), 1, Math.max(meanT, 1e-3)],
    rows: rows.length,
    customers,
  });
}

/** P(alive | x, t_x, T) = 1 / (1 + (s/(r+s+x)) (α+T)^(r+x) (β+T)^s A_0) (from the note). */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, c: RfmStats): number {
  const { r, alpha, s, beta } = p;
  const logOdds =
    Math.log(s) - Math.log(r + s + c.x) + (r + c.x) * Math.log(alpha + c.T) + s * Math.log(beta + c.T) + logA0(p, c.x, c.tx, c.T);
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * (r+x)(β+T) / ((α+T)(s-1)) · [1 - ((β+T)/(β+T+t))^(s-1)]: expected purchases in the next t of a customer
 * known to be alive at T. The s → 1 limit, (r+x)/(α+T) · (β+T) ln((β+T+t)/(β+T)), is taken by expm1.
 */
function expectedIfAlive(p: ParetoNbdParams, x: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  const logRatio = Math.log(beta + T) - Math.log(beta + T + t);
  const sm1 = s - 1;
  const factor = Math.abs(sm1) < 1e-10 ? -logRatio : -Math.expm1(sm1 * logRatio) / sm1;
  return ((r + x) * (beta + T) * factor) / (alpha + T);
}

/** E[X(t)] for a new customer (Schmittlein et al. 1987): rβ/(α(s-1)) · [1 - (β/(β+t))^(s-1)]. */
export function paretoNbdExpectedPurchases(p: ParetoNbdParams, t: number): number {
  return expectedIfAlive(p, 0, 0, t);
}

/** E[Y(t) | x, t_x, T] = P(alive) · expected purchases if alive (from the note). */
export function paretoNbdConditionalExpectedPurchases(p: ParetoNbdParams, c: RfmStats, t: number): number {
  return paretoNbdProbabilityAlive(p, c) * expectedIfAlive(p, c.x, c.T, t);
}
