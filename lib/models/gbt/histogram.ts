/**
 * Gradient histograms: per feature and bin, the sums of gradient, hessian and row count of a node's rows.
 * A split is then a scan over at most 256 bins instead of a sort of the node's rows (the LightGBM and
 * XGBoost "hist" method).
 */
export const BINS_PER_FEATURE = 256;
const STRIDE = 3;

export class Histogram {
  readonly data: Float64Array;
  constructor(features: number) {
    this.data = new Float64Array(features * BINS_PER_FEATURE * STRIDE);
  }
}

export interface NodeRows {
  /** Row indices of the node, rows[start] ... rows[end - 1]. */
  rows: Uint32Array;
  start: number;
  end: number;
}

/** Fills `hist` for the selected features from the node's rows (zeroing those features first). */
export function buildHistogram(
  hist: Histogram,
  binned: Uint8Array,
  features: number,
  selected: Int32Array,
  node: NodeRows,
  grad: Float64Array,
  hess: Float64Array,
): void {
  const data = hist.data;
  for (const f of selected) data.fill(0, f * BINS_PER_FEATURE * STRIDE, (f + 1) * BINS_PER_FEATURE * STRIDE);
  const { rows, start, end } = node;
  const count = selected.length;
  for (let k = start; k < end; k++) {
    const r = rows[k] as number;
    const base = r * features;
    const g = grad[r] as number;
    const h = hess[r] as number;
    for (let j = 0; j < count; j++) {
      const f = selected[j] as number;
      const idx = (f * BINS_PER_FEATURE + (binned[base + f] as number)) * STRIDE;
      data[idx] = (data[idx] as number) + g;
      data[idx + 1] = (data[idx + 1] as number) + h;
      data[idx + 2] = (data[idx + 2] as number) + 1;
    }
  }
}

/** parent -= child over the selected features: the sibling's histogram without reading its rows. */
export function subtractHistogram(parent: Histogram, child: Histogram, selected: Int32Array): void {
  const p = parent.data;
  const c = child.data;
  for (const f of selected) {
    const end = (f + 1) * BINS_PER_FEATURE * STRIDE;
    for (let i = f * BINS_PER_FEATURE * STRIDE; i < end; i++) p[i] = (p[i] as number) - (c[i] as number);
  }
}

export interface SplitRules {
  lambda: number;
  minChildWeight: number;
  minSamplesLeaf: number;
  minSplitGain: number;
}

export interface Split {
  feature: number;
  /** Value bins 1..threshold go left, the rest right. */
  threshold: number;
  missingLeft: boolean;
  gain: number;
}

export interface NodeTotals {
  grad: number;
  hess: number;
  count: number;
}

/** XGBoost's structure score of a node: G^2 / (H + lambda). */
const score = (g: number, h: number, lambda: number) => (g * g) / (h + lambda);

/**
 * The split of largest gain, 0.5 x [score(L) + score(R) - score(node)] - minSplitGain, over the selected
 * features, every threshold between value bins, and both sides for the missing values (the "default
 * direction" of XGBoost's sparsity-aware split). Null when no split gains or meets the leaf minimums.
 */
export function bestSplit(hist: Histogram, selected: Int32Array, valueBins: Int32Array, totals: NodeTotals, rules: SplitRules): Split | null {
  const data = hist.data;
  const { lambda, minChildWeight, minSamplesLeaf } = rules;
  const parentScore = score(totals.grad, totals.hess, lambda);
  let best: Split | null = null;
  for (const f of selected) {
    const offset = f * BINS_PER_FEATURE * STRIDE;
    const missingCount = data[offset + 2] as number;
    // Threshold = every value bin left, which leaves only the missing rows right: "missing or not" is a split too.
    const lastThreshold = valueBins[f] as number;
    for (const missingLeft of missingCount > 0 ? [false, true] : [false]) {
      let gl = missingLeft ? (data[offset] as number) : 0;
      let hl = missingLeft ? (data[offset + 1] as number) : 0;
      let cl = missingLeft ? missingCount : 0;
      for (let b = 1; b <= lastThreshold; b++) {
        const idx = offset + b * STRIDE;
        gl += data[idx] as number;
        hl += data[idx + 1] as number;
        cl += data[idx + 2] as number;
        const hr = totals.hess - hl;
        const cr = totals.count - cl;
        if (cl < minSamplesLeaf || hl < minChildWeight) continue;
        if (cr < minSamplesLeaf || hr < minChildWeight) break;
        const gain = 0.5 * (score(gl, hl, lambda) + score(totals.grad - gl, hr, lambda) - parentScore) - rules.minSplitGain;
        // With no missing value in the node the side is free: missing values later follow the heavier side.
        const side = missingCount > 0 ? missingLeft : hl >= hr;
        if (gain > 1e-12 && (best === null || gain > best.gain)) best = { feature: f, threshold: b, missingLeft: side, gain };
      }
    }
  }
  return best;
}
