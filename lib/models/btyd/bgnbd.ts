import { fitMaximumLikelihood, type FitResult } from "./fit";
import { hyp2f1MinusOneOverB, logAddExp, logGamma } from "./special";
import { prepareRfm, type PreparedRfm } from "./prepared";
import { asCompressed, totalCount, type CompressedRfm, type RfmStats } from "./summary";

/**
 * BG/NBD: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
 * Pareto/NBD Model", Marketing Science 24(2), 275-284. While alive a customer buys at Poisson rate
 * λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export const BG_NBD_NAMES = ["r", "alpha", "a", "b"] as const;

/**
 * ln L of one customer, eq. (6) of the paper in the log form of the `lifetimes` package:
 * L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x)) + δ(x>0) B(a+1, b+x-1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
 */
export function bgNbdLogLikelihood(p: BgNbdParams, c: RfmStats): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = c;
  const logA1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const logA2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const logA3 = -(r + x) * Math.log(alpha + T);
  const logA4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY;
  return logA1 + logA2 + logAddExp(logA3, logA4);
}

/** Σ count · ln L over compressed rows, one row at a time (the reference the fast path is tested against). */
export function bgNbdTotalLogLikelihood(p: BgNbdParams, data: readonly CompressedRfm[]): number {
  let sum = 0;
  for (const c of data) sum += c.count * bgNbdLogLikelihood(p, c);
  return sum;
}

/** The same sum with the x-only terms (gamma functions) computed once per distinct x. */
export function bgNbdPreparedLogLikelihood(p: BgNbdParams, d: PreparedRfm): number {
  const { r, alpha, a, b } = p;
  const constant = r * Math.log(alpha) - logGamma(r) + logGamma(a + b) - logGamma(b);
  const head = new Float64Array(d.xs.length);
  const dropout = new Float64Array(d.xs.length);
  d.xs.forEach((x, i) => {
    head[i] = constant + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
    dropout[i] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
  });
  let sum = 0;
  for (let i = 0; i < d.rows; i++) {
    const xi = d.xIndex[i]!;
    const rx = r + d.x[i]!;
    const aliveAtT = -rx * Math.log(alpha + d.T[i]!);
    const diedAfterTx = dropout[xi]! - rx * Math.log(alpha + d.tx[i]!);
    sum += d.count[i]! * (head[xi]! + logAddExp(aliveAtT, diedAfterTx));
  }
  return sum;
}

/**
 * Fits by maximum likelihood on compressed (x, t_x, T, count) rows (plain triples count once each).
 * Start: r = 1 and α = 1 / (repeat rate per unit time), so the Gamma's mean is the observed rate in any time
 * unit; a = b = 1 (uniform dropout probability).
 */
export function fitBgNbd(data: readonly (RfmStats | CompressedRfm)[]): FitResult<keyof BgNbdParams> {
  const rows = asCompressed(data);
  if (rows.length === 0) throw new RangeError("fitBgNbd needs at least one customer");
  const prepared = prepareRfm(rows);
  return fitMaximumLikelihood({
    names: BG_NBD_NAMES,
    logLikelihood: ([r, alpha, a, b]) => bgNbdPreparedLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, prepared),
    start: [1, 1 / observedRate(rows), 1, 1],
    rows: rows.length,
    customers: totalCount(rows),
  });
}

/** Repeat transactions per unit of time over the whole data (Σ x / Σ T), with a floor for empty data. */
export function observedRate(rows: readonly CompressedRfm[]): number {
  let purchases = 0;
  let exposure = 0;
  for (const c of rows) {
    purchases += c.count * c.x;
    exposure += c.count * c.T;
  }
  return purchases > 0 && exposure > 0 ? purchases / exposure : 1;
}

/** P(alive | x, t_x, T), from Fader, Hardie & Lee's note "Computing P(alive) Using the BG/NBD Model". */
export function bgNbdProbabilityAlive(p: BgNbdParams, c: RfmStats): number {
  if (c.x === 0) return 1;
  const logOdds = Math.log(p.a) - Math.log(p.b + c.x - 1) + (p.r + c.x) * (Math.log(p.alpha + c.T) - Math.log(p.alpha + c.tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)], z = t/(α+T+t): the bracket shared by
 * the unconditional (x = T = 0) and conditional expectations. Euler's transformation turns the power and the
 * 2F1 into (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), whose parameters do not grow with x, and the division by
 * (a-1) is carried into the series (hyp2f1MinusOneOverB), so a = 1 is not a 0/0.
 */
function expectedGrowth(p: BgNbdParams, x: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  const log1mz = Math.log1p(-z);
  const am1 = a - 1;
  // [1 - (1-z)^(a-1) (1 + (a-1) G)] / (a-1) = [1 - (1-z)^(a-1)] / (a-1) - (1-z)^(a-1) G
  const head = Math.abs(am1) < 1e-10 ? -log1mz : -Math.expm1(am1 * log1mz) / am1;
  const tail = Math.exp(am1 * log1mz) * hyp2f1MinusOneOverB(a + b - 1 - r, am1, c, z);
  return c * (head - tail);
}

/** E[X(t)]: expected repeat purchases of a new customer in (0, t], eq. (9) of the paper. */
export function bgNbdExpectedPurchases(p: BgNbdParams, t: number): number {
  return expectedGrowth(p, 0, 0, t);
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units, eq. (10) of the paper. */
export function bgNbdConditionalExpectedPurchases(p: BgNbdParams, c: RfmStats, t: number): number {
  const { r, alpha, a, b } = p;
  const denominator =
    c.x > 0 ? 1 + Math.exp(Math.log(a) - Math.log(b + c.x - 1) + (r + c.x) * (Math.log(alpha + c.T) - Math.log(alpha + c.tx))) : 1;
  return expectedGrowth(p, c.x, c.T, t) / denominator;
}

/**
 * P(no purchase in the next t | x, t_x, T): dead, or alive and silent for t. Under BG/NBD a customer can only
 * drop out right after a purchase, so "alive and silent" is the Poisson zero averaged over the posterior of
 * the rate, Gamma(r + x, α + T): ((α + T) / (α + T + t))^(r + x). The BTYD-only churn score for the same
 * horizon as the churn label.
 */
export function bgNbdProbabilityNoPurchase(p: BgNbdParams, c: RfmStats, t: number): number {
  const alive = bgNbdProbabilityAlive(p, c);
  const silent = Math.exp((p.r + c.x) * (Math.log(p.alpha + c.T) - Math.log(p.alpha + c.T + t)));
  return 1 - alive + alive * silent;
}
