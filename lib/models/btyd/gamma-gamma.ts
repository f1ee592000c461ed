import { fitMaximumLikelihood, type FitResult } from "./fit";
import { logGamma } from "./special";

/**
 * Gamma-Gamma spend model: Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer
 * Base Analysis", Journal of Marketing Research 42(4), and Fader & Hardie's note "The Gamma-Gamma Model of
 * Monetary Value" (2013). A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ); the model
 * is fitted on customers with at least one repeat transaction, from their number of repeat transactions x
 * and the mean value of those transactions.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export const GAMMA_GAMMA_NAMES = ["p", "q", "gamma"] as const;

export interface SpendStats {
  /** Number of transactions the mean is over (x >= 1). */
  x: number;
  /** Their mean value (> 0), in any currency unit. */
  meanSpend: number;
}

/** ln f(m̄ | p, q, γ; x) = ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln m̄ + px ln x - (px+q) ln(γ + x m̄). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, c: SpendStats): number {
  const { p, q, gamma } = params;
  const { x, meanSpend: m } = c;
  const px = p * x;
  return (
    logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + x * m)
  );
}

/**
 * The data reduced for the likelihood. The gamma-function terms depend on x only, so they are summed once
 * per distinct x with its count; Σ x ln m̄ and Σ ln m̄ are sums; only -(px+q) ln(γ + x m̄) needs every
 * customer, since mean spends are continuous and rarely repeat. The Gamma-Gamma fit therefore grows with
 * the number of repeat customers (one log per customer per evaluation), unlike the BG/NBD and Pareto/NBD fits.
 */
interface SpendData {
  countsByX: Map<number, number>;
  sumXLogX: number;
  sumXLogM: number;
  sumLogM: number;
  x: Float64Array;
  m: Float64Array;
}

function reduceSpend(data: readonly SpendStats[]): SpendData {
  const countsByX = new Map<number, number>();
  const x = new Float64Array(data.length);
  const m = new Float64Array(data.length);
  let sumXLogX = 0;
  let sumXLogM = 0;
  let sumLogM = 0;
  data.forEach((c, i) => {
    if (!(Number.isInteger(c.x) && c.x >= 1 && c.meanSpend > 0)) {
      throw new RangeError(`invalid spend row ${i}: x = ${c.x}, mean spend = ${c.meanSpend} (need integer x >= 1 and a positive mean)`);
    }
    countsByX.set(c.x, (countsByX.get(c.x) ?? 0) + 1);
    x[i] = c.x;
    m[i] = c.meanSpend;
    sumXLogX += c.x * Math.log(c.x);
    sumXLogM += c.x * Math.log(c.meanSpend);
    sumLogM += Math.log(c.meanSpend);
  });
  return { countsByX, sumXLogX, sumXLogM, sumLogM, x, m };
}

function totalLogLikelihood({ p, q, gamma }: GammaGammaParams, d: SpendData): number {
  let sum = p * d.sumXLogX + p * d.sumXLogM - d.sumLogM;
  const logGammaQ = logGamma(q);
  const qLogGamma = q * Math.log(gamma);
  for (const [x, n] of d.countsByX) sum += n * (logGamma(p * x + q) - logGamma(p * x) - logGammaQ + qLogGamma);
  for (let i = 0; i < d.x.length; i++) sum -= (p * d.x[i]! + q) * Math.log(gamma + d.x[i]! * d.m[i]!);
  return sum;
}

export function gammaGammaTotalLogLikelihood(params: GammaGammaParams, data: readonly SpendStats[]): number {
  return totalLogLikelihood(params, reduceSpend(data));
}

/**
 * Fits on customers with x >= 1. Start: p = 1, q = 2 and γ set so that the prior mean spend pγ/(q-1)
 * equals the observed mean of the means, which puts γ on the data's currency scale.
 */
export function fitGammaGamma(data: readonly SpendStats[]): FitResult<keyof GammaGammaParams> {
  if (data.length === 0) throw new RangeError("fitGammaGamma needs at least one customer with a repeat transaction");
  const reduced = reduceSpend(data);
  const meanOfMeans = data.reduce((s, c) => s + c.meanSpend, 0) / data.length;
  return fitMaximumLikelihood({
    names: GAMMA_GAMMA_NAMES,
    logLikelihood: ([p, q, gamma]) => totalLogLikelihood({ p: p!, q: q!, gamma: gamma! }, reduced),
    start: [1, 2, meanOfMeans],
    rows: data.length,
    customers: data.length,
  });
}

/**
 * E[M | m̄, x] = (p (γ + x m̄)) / (px + q - 1): a weighted mean of the population mean pγ/(q-1) and the
 * customer's own mean m̄, with weight px/(px+q-1) on the latter. With x = 0 it is the population mean.
 * Defined for q > 1 (the population mean is infinite otherwise).
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, c: { x: number; meanSpend: number }): number {
  const { p, q, gamma } = params;
  const m = c.x > 0 ? c.meanSpend : 0;
  return (p * (gamma + c.x * m)) / (p * c.x + q - 1);
}
