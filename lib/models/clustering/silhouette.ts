import type { FeatureMatrix } from "./matrix";

/**
 * Euclidean distances between every pair of rows, condensed (pair i < j at i*n - i(i+1)/2 + j - i - 1).
 * Computed once for a sample and reused for every candidate k: 3,000 rows make 4.5M pairs (36 MB).
 */
export function pairwiseDistances(m: FeatureMatrix): Float64Array {
  const { rows: n, cols, data } = m;
  const out = new Float64Array((n * (n - 1)) / 2);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const d = (data[i * cols + c] as number) - (data[j * cols + c] as number);
        sum += d * d;
      }
      out[at++] = Math.sqrt(sum);
    }
  }
  return out;
}

/**
 * Mean silhouette (Rousseeuw 1987) of a labelling: per row s = (b - a) / max(a, b), with a the mean distance
 * to the other rows of its cluster and b the smallest mean distance to another cluster. A row alone in its
 * cluster scores 0, as in Rousseeuw and scikit-learn. With fewer than 2 clusters in use it is undefined: NaN.
 */
export function silhouetteFromDistances(distances: Float64Array, n: number, labels: ArrayLike<number>, k: number): number {
  if (distances.length !== (n * (n - 1)) / 2) throw new Error(`${distances.length} distances do not fit ${n} rows`);
  const sums = new Float64Array(n * k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i] as number] = (sizes[labels[i] as number] as number) + 1;
  if (sizes.filter((s) => s > 0).length < 2) return Number.NaN;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const li = labels[i] as number;
    for (let j = i + 1; j < n; j++) {
      const d = distances[at++] as number;
      sums[i * k + (labels[j] as number)] = (sums[i * k + (labels[j] as number)] as number) + d;
      sums[j * k + li] = (sums[j * k + li] as number) + d;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i] as number;
    const ownSize = sizes[own] as number;
    if (ownSize <= 1) continue;
    const a = (sums[i * k + own] as number) / (ownSize - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || (sizes[c] as number) === 0) continue;
      b = Math.min(b, (sums[i * k + c] as number) / (sizes[c] as number));
    }
    const spread = Math.max(a, b);
    total += spread > 0 ? (b - a) / spread : 0;
  }
  return total / n;
}

/** Mean silhouette of a labelling of a (small) matrix. */
export function silhouetteScore(m: FeatureMatrix, labels: ArrayLike<number>, k: number): number {
  return silhouetteFromDistances(pairwiseDistances(m), m.rows, labels, k);
}
