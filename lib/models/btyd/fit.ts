import { bfgs, hessian, invert, nelderMead, type MinimizeResult, type Vector } from "./optimize";

/**
 * Maximum likelihood for a model with positive parameters, shared by BG/NBD, Pareto/NBD and Gamma-Gamma.
 *
 * - The search runs on log-parameters, so every point is valid and the scales (r ~ 0.2, alpha ~ 10 or 300
 *   depending on the time unit) are comparable; the box [1e-6, 1e6] keeps the likelihood finite.
 * - Several starts (the caller's sensible one, then spreads of it); each gets Nelder-Mead, then BFGS; the
 *   best log-likelihood wins. Starts run until two of them agree on the optimum (at most five): agreement
 *   between starts is the evidence against a local optimum or a stalled search, and a fit is `converged`
 *   when it has it, its gradient is flat and no parameter sits on the box's edge.
 * - Standard errors come from the observed information: the numerical Hessian of the log-likelihood in the
 *   log-parameters at the optimum, inverted, and carried to the natural scale by the delta method
 *   (se(θ) = θ · se(ln θ)). The 95% intervals are Wald intervals on the log scale, exp(ln θ ± 1.96 se),
 *   which stay positive and suit the skewed sampling distributions of these parameters better.
 */
export interface FitResult<P extends string> {
  params: Record<P, number>;
  logLikelihood: number;
  standardErrors: Record<P, number>;
  confidenceIntervals: Record<P, [number, number]>;
  /** Number of (compressed) rows the likelihood was evaluated over, and the customers they stand for. */
  rows: number;
  customers: number;
  converged: boolean;
  starts: { logLikelihood: number; gradientNorm: number }[];
}

export interface FitSpec<P extends string> {
  names: readonly P[];
  /** Total log-likelihood at natural-scale parameters (in `names` order). */
  logLikelihood: (params: Vector) => number;
  start: Vector;
  rows: number;
  customers: number;
}

const LOG_BOUND = Math.log(1e6);
/**
 * Multipliers of the start, per parameter: the start itself, then alternately smaller and larger (so the
 * rate scale and shape move in opposite directions), all larger, all smaller.
 */
const START_SPREADS: readonly (readonly number[])[] = [
  [1, 1, 1, 1],
  [0.25, 4, 0.25, 4],
  [4, 0.25, 4, 0.25],
  [3, 3, 3, 3],
  [0.3, 0.3, 0.3, 0.3],
];
/** Two starts agree when their log-likelihoods differ by less than this. */
const AGREEMENT = 1e-4;
const Z_95 = 1.959963984540054;

export function fitMaximumLikelihood<P extends string>(spec: FitSpec<P>): FitResult<P> {
  const n = spec.names.length;
  const bounds = { lower: new Array<number>(n).fill(-LOG_BOUND), upper: new Array<number>(n).fill(LOG_BOUND) };
  const perCustomer = Math.max(1, spec.customers);
  // Minimize the mean negative log-likelihood: gradients of order 1 whatever the data's size.
  const objective = (theta: Vector) => -spec.logLikelihood(theta.map(Math.exp)) / perCustomer;

  const runs: MinimizeResult[] = [];
  let agreeing = 0;
  for (const spread of START_SPREADS) {
    const start = spec.start.map((v, i) => Math.log(v * spread[i % spread.length]!));
    const coarse = nelderMead(objective, start, bounds);
    const fine = bfgs(objective, coarse.x, bounds);
    runs.push(fine.value <= coarse.value ? fine : coarse);
    runs.sort((p, q) => p.value - q.value);
    agreeing = runs.filter((r) => Math.abs(r.value - runs[0]!.value) * perCustomer < AGREEMENT).length;
    if (agreeing >= 2) break;
  }
  const best = runs[0]!;

  const theta = best.x;
  const logLikelihood = -best.value * perCustomer;
  const information = hessian((t) => -spec.logLikelihood(t.map(Math.exp)), theta);
  const covariance = invert(information);
  const params = {} as Record<P, number>;
  const standardErrors = {} as Record<P, number>;
  const confidenceIntervals = {} as Record<P, [number, number]>;
  spec.names.forEach((name, i) => {
    const value = Math.exp(theta[i]!);
    const variance = covariance?.[i]?.[i];
    const seLog = variance !== undefined && variance > 0 ? Math.sqrt(variance) : Number.NaN;
    params[name] = value;
    standardErrors[name] = value * seLog;
    confidenceIntervals[name] = [value * Math.exp(-Z_95 * seLog), value * Math.exp(Z_95 * seLog)];
  });
  const atBound = theta.some((t) => Math.abs(t) >= LOG_BOUND - 1e-6);
  return {
    params,
    logLikelihood,
    standardErrors,
    confidenceIntervals,
    rows: spec.rows,
    customers: spec.customers,
    converged: best.gradientNorm < 1e-5 && agreeing >= 2 && !atBound && Number.isFinite(logLikelihood),
    starts: runs.map((r) => ({ logLikelihood: -r.value * perCustomer, gradientNorm: r.gradientNorm })),
  };
}
