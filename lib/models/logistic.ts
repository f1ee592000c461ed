import { checkLabels } from "./metrics/order";
import { columnsFor, type FeatureMatrix } from "./matrix";

/**
 * L2-regularized logistic regression on standardized features, fitted by Newton's method (IRLS): with
 * tens of features the (d+1)^2 Hessian is tiny, Newton converges in a handful of exact steps, and the
 * result does not depend on a step size or a random start. Missing values (NaN) are imputed with the
 * training mean, i.e. they contribute nothing. The churn backtest's baseline, and its RFM-only model.
 */
export interface LogisticParams {
  /** L2 penalty on the standardized coefficients (not on the intercept), in units of the mean log-loss. */
  l2: number;
  maxIterations: number;
  /** Stop when no coefficient moves by more than this. */
  tolerance: number;
}

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { l2: 1e-4, maxIterations: 50, tolerance: 1e-9 };

export const LOGISTIC_FORMAT = "loyalist-logistic/1";

export interface LogisticModel {
  format: typeof LOGISTIC_FORMAT;
  featureNames: string[];
  means: number[];
  /** Standard deviations used to standardize; 1 for a constant feature. */
  scales: number[];
  intercept: number;
  /** Per standardized feature: the change in log-odds for one standard deviation more. */
  coefficients: number[];
  params: LogisticParams;
  iterations: number;
  converged: boolean;
}

function standardizer(column: Float64Array): { mean: number; scale: number } {
  let n = 0;
  let sum = 0;
  for (const v of column) if (!Number.isNaN(v)) (n++, (sum += v));
  const mean = n > 0 ? sum / n : 0;
  let ss = 0;
  for (const v of column) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return { mean, scale: sd > 0 ? sd : 1 };
}

/** Row-major design matrix with a leading 1 for the intercept, standardized, NaN as 0 (the mean). */
function design(columns: readonly Float64Array[], means: readonly number[], scales: readonly number[], rows: number): Float64Array {
  const d = columns.length + 1;
  const x = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) x[i * d] = 1;
  columns.forEach((column, f) => {
    const mean = means[f] as number;
    const scale = scales[f] as number;
    for (let i = 0; i < rows; i++) {
      const v = column[i] as number;
      x[i * d + f + 1] = Number.isNaN(v) ? 0 : (v - mean) / scale;
    }
  });
  return x;
}

/** Solves A x = b for a symmetric positive definite A (row-major d x d) by Cholesky; null if A is not SPD. */
export function solveSpd(a: Float64Array, b: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] as number) * (l[j * d + k] as number);
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / (l[j * d + j] as number);
      }
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * d + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * d + i] as number);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < d; k++) sum -= (l[k * d + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * d + i] as number);
  }
  return x;
}

export function trainLogistic(features: FeatureMatrix, labels: ArrayLike<number>, options: Partial<LogisticParams> = {}): LogisticModel {
  const params = { ...DEFAULT_LOGISTIC_PARAMS, ...options };
  if (!(params.l2 >= 0)) throw new RangeError(`logistic l2 must be >= 0, got ${params.l2}`);
  checkLabels(labels, "trainLogistic");
  if (features.rows !== labels.length) throw new RangeError(`trainLogistic: ${features.rows} feature rows but ${labels.length} labels`);
  if (features.rows === 0) throw new RangeError("trainLogistic needs at least one row");
  const stats = features.columns.map(standardizer);
  const means = stats.map((s) => s.mean);
  const scales = stats.map((s) => s.scale);
  const n = features.rows;
  const d = features.columns.length + 1;
  const x = design(features.columns, means, scales, n);
  const beta = new Float64Array(d);
  // The penalty is scaled by n so that l2 means the same at any data size; a tiny ridge keeps the
  // intercept's Newton system solvable when one class is absent.
  const ridge = params.l2 * n;
  let iterations = 0;
  let converged = false;
  while (iterations < params.maxIterations && !converged) {
    iterations++;
    const gradient = new Float64Array(d);
    const hessian = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let margin = 0;
      for (let j = 0; j < d; j++) margin += (x[row + j] as number) * (beta[j] as number);
      const p = 1 / (1 + Math.exp(-margin));
      const residual = p - (labels[i] as number);
      const weight = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j < d; j++) {
        const xj = x[row + j] as number;
        gradient[j] = (gradient[j] as number) + residual * xj;
        const wx = weight * xj;
        for (let k = 0; k <= j; k++) hessian[j * d + k] = (hessian[j * d + k] as number) + wx * (x[row + k] as number);
      }
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < j; k++) hessian[k * d + j] = hessian[j * d + k] as number;
      const penalty = j === 0 ? 1e-9 * n : ridge;
      hessian[j * d + j] = (hessian[j * d + j] as number) + penalty;
      gradient[j] = (gradient[j] as number) + (j === 0 ? 0 : ridge * (beta[j] as number));
    }
    const step = solveSpd(hessian, gradient, d);
    if (!step) throw new Error("trainLogistic: the Newton system is singular; raise l2");
    let largest = 0;
    for (let j = 0; j < d; j++) {
      beta[j] = (beta[j] as number) - (step[j] as number);
      largest = Math.max(largest, Math.abs(step[j] as number));
    }
    converged = largest < params.tolerance;
  }
  return {
    format: LOGISTIC_FORMAT,
    featureNames: [...features.featureNames],
    means,
    scales,
    intercept: beta[0] as number,
    coefficients: Array.from(beta.subarray(1)),
    params,
    iterations,
    converged,
  };
}

/** Churn probabilities of every row; the model's features are matched by name. */
export function predictLogistic(model: LogisticModel, features: FeatureMatrix): Float64Array {
  const columns = columnsFor(features, model.featureNames);
  const margins = new Float64Array(features.rows).fill(model.intercept);
  columns.forEach((column, f) => {
    const coefficient = model.coefficients[f] as number;
    const mean = model.means[f] as number;
    const scale = model.scales[f] as number;
    for (let i = 0; i < margins.length; i++) {
      const v = column[i] as number;
      if (!Number.isNaN(v)) margins[i] = (margins[i] as number) + (coefficient * (v - mean)) / scale;
    }
  });
  for (let i = 0; i < margins.length; i++) margins[i] = 1 / (1 + Math.exp(-(margins[i] as number)));
  return margins;
}
