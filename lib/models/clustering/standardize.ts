import { createMatrix, type FeatureMatrix } from "./matrix";

/**
 * How a feature's raw values become z-scores. Money, counts and days are heavily right-skewed (a few members
 * spend or buy 50x the median), so their z-scores would put nearly everyone in a narrow band near -0.3 and
 * let the heavy buyers decide the clusters: they are taken as log1p(x) first (x >= 0). Shares and ratios
 * that live in a bounded range are z-scored as they are.
 */
export type FeatureTransform = "identity" | "log1p";

export interface StandardizeOptions {
  /** One per column. */
  transforms: readonly FeatureTransform[];
  /**
   * z-scores are clipped to [-clip, clip] (default 5) so that a handful of extreme members cannot claim a
   * cluster of their own; a centroid beyond 5 standard deviations says nothing more useful than one at 5.
   */
  clip?: number;
  /**
   * Multiplies each column's z-score (default 1). A family of p related columns (the 12 category shares, the
   * 3 channel shares) weighted 1/sqrt(p) adds up to the variance of one feature, so a wide family does not
   * outvote the single features by its width alone.
   */
  weights?: readonly number[];
}

/** Fitted on one set of members and reusable on others (a re-run, or a new member placed in a cluster). */
export interface Standardizer {
  transforms: readonly FeatureTransform[];
  /** Mean and standard deviation of each column after its transform. */
  mean: Float64Array;
  sd: Float64Array;
  clip: number;
  weights: Float64Array;
}

function transformed(value: number, transform: FeatureTransform): number {
  if (!Number.isFinite(value)) throw new Error(`feature value ${value} is not a finite number`);
  if (transform === "identity") return value;
  if (value < 0) throw new Error(`log1p feature value ${value} is negative`);
  return Math.log1p(value);
}

/** Column means and population standard deviations of the transformed values (two passes, exact). */
export function fitStandardizer(m: FeatureMatrix, options: StandardizeOptions): Standardizer {
  const { rows, cols, data } = m;
  if (options.transforms.length !== cols) throw new Error(`${options.transforms.length} transforms for ${cols} columns`);
  const mean = new Float64Array(cols);
  const sd = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) + transformed(data[i * cols + j] as number, options.transforms[j] as FeatureTransform);
  }
  for (let j = 0; j < cols; j++) mean[j] = rows > 0 ? (mean[j] as number) / rows : 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = transformed(data[i * cols + j] as number, options.transforms[j] as FeatureTransform) - (mean[j] as number);
      sd[j] = (sd[j] as number) + d * d;
    }
  }
  for (let j = 0; j < cols; j++) sd[j] = rows > 0 ? Math.sqrt((sd[j] as number) / rows) : 0;
  if (options.weights && options.weights.length !== cols) throw new Error(`${options.weights.length} weights for ${cols} columns`);
  const weights = Float64Array.from(options.weights ?? new Array<number>(cols).fill(1));
  return { transforms: [...options.transforms], mean, sd, clip: options.clip ?? 5, weights };
}

/**
 * z-scores of every value. A column that does not vary (sd 0) becomes all zeros: it cannot separate anyone,
 * and dividing by zero would poison every distance with NaN.
 */
export function applyStandardizer(m: FeatureMatrix, s: Standardizer): FeatureMatrix {
  const { rows, cols, data } = m;
  if (s.mean.length !== cols) throw new Error(`standardizer fitted on ${s.mean.length} columns, matrix has ${cols}`);
  const out = createMatrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const sd = s.sd[j] as number;
      const z = sd > 0 ? (transformed(data[i * cols + j] as number, s.transforms[j] as FeatureTransform) - (s.mean[j] as number)) / sd : 0;
      out.data[i * cols + j] = Math.max(-s.clip, Math.min(s.clip, z)) * (s.weights[j] as number);
    }
  }
  return out;
}

/** Fits on m and returns m's z-scores with the standardizer. */
export function standardize(m: FeatureMatrix, options: StandardizeOptions): { matrix: FeatureMatrix; standardizer: Standardizer } {
  const standardizer = fitStandardizer(m, options);
  return { matrix: applyStandardizer(m, standardizer), standardizer };
}

/** A point in weighted z units (a centroid) back in the raw units of each feature: the inverse of the transform. */
export function toRawUnits(z: ArrayLike<number>, s: Standardizer): number[] {
  return Array.from(z, (value, j) => {
    const weight = s.weights[j] as number;
    const t = (s.mean[j] as number) + (weight > 0 ? value / weight : 0) * (s.sd[j] as number);
    return s.transforms[j] === "log1p" ? Math.expm1(t) : t;
  });
}
