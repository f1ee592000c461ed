import { bestSplit, buildHistogram, Histogram, subtractHistogram, type NodeTotals, type SplitRules } from "./histogram";
import type { GbtTree } from "./model";

export interface GrowInput {
  binned: Uint8Array;
  features: number;
  /** Number of value bins per feature (edges + 1). */
  valueBins: Int32Array;
  grad: Float64Array;
  hess: Float64Array;
  /** The rows this tree learns from (its subsample), ascending; reordered in place while growing. */
  rows: Uint32Array;
  /** The features this tree may split on, ascending. */
  selected: Int32Array;
  maxDepth: number;
  learningRate: number;
  rules: SplitRules;
}

interface Pending {
  node: number;
  start: number;
  end: number;
  depth: number;
  hist: Histogram;
  totals: NodeTotals;
}

/** Histograms are 200 KB each at 30 features: reuse them across nodes and trees rather than churn the heap. */
export class HistogramPool {
  private readonly free: Histogram[] = [];
  constructor(private readonly features: number) {}
  take(): Histogram {
    return this.free.pop() ?? new Histogram(this.features);
  }
  give(hist: Histogram): void {
    this.free.push(hist);
  }
}

function totalsOf(rows: Uint32Array, start: number, end: number, grad: Float64Array, hess: Float64Array): NodeTotals {
  let g = 0;
  let h = 0;
  for (let k = start; k < end; k++) {
    g += grad[rows[k] as number] as number;
    h += hess[rows[k] as number] as number;
  }
  return { grad: g, hess: h, count: end - start };
}

/**
 * Moves the node's left-going rows to the front of its range, keeping both sides in ascending row order
 * (so histogram building reads memory forwards); returns the index where the right side starts. Each row
 * is written to both sides and only the matching cursor advances: no branch for random rows to mispredict.
 */
function partition(input: GrowInput, scratch: Uint32Array, start: number, end: number, feature: number, threshold: number, missingLeft: boolean): number {
  const { rows, binned, features } = input;
  const missingRight = missingLeft ? 0 : 1;
  let left = start;
  let right = 0;
  for (let k = start; k < end; k++) {
    const r = rows[k] as number;
    const bin = binned[r * features + feature] as number;
    const goRight = +(bin > threshold) | (+(bin === 0) & missingRight);
    rows[left] = r;
    scratch[right] = r;
    left += 1 - goRight;
    right += goRight;
  }
  rows.set(scratch.subarray(0, right), left);
  return left;
}

/**
 * Grows one tree level by level to maxDepth on gradient histograms. Each split builds the histogram of the
 * smaller child only and gets the larger one by subtraction from the parent, which halves the work.
 */
export function growTree(input: GrowInput, pool: HistogramPool, scratch: Uint32Array): GbtTree {
  const { grad, hess, rows, selected, rules } = input;
  const tree: GbtTree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [], cover: [], gain: [] };
  const addNode = (totals: NodeTotals) => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.missingLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-totals.grad / (totals.hess + rules.lambda)) * input.learningRate);
    tree.cover.push(totals.hess);
    tree.gain.push(0);
    return tree.feature.length - 1;
  };

  const rootTotals = totalsOf(rows, 0, rows.length, grad, hess);
  const rootHist = pool.take();
  buildHistogram(rootHist, input.binned, input.features, selected, { rows, start: 0, end: rows.length }, grad, hess);
  let level: Pending[] = [{ node: addNode(rootTotals), start: 0, end: rows.length, depth: 0, hist: rootHist, totals: rootTotals }];

  while (level.length > 0) {
    const next: Pending[] = [];
    for (const p of level) {
      const split = p.depth < input.maxDepth ? bestSplit(p.hist, selected, input.valueBins, p.totals, rules) : null;
      if (!split) {
        pool.give(p.hist);
        continue;
      }
      const mid = partition(input, scratch, p.start, p.end, split.feature, split.threshold, split.missingLeft);
      const leftTotals = totalsOf(rows, p.start, mid, grad, hess);
      const rightTotals = totalsOf(rows, mid, p.end, grad, hess);
      const leftNode = addNode(leftTotals);
      const rightNode = addNode(rightTotals);
      tree.feature[p.node] = split.feature;
      tree.threshold[p.node] = split.threshold;
      tree.missingLeft[p.node] = split.missingLeft ? 1 : 0;
      tree.left[p.node] = leftNode;
      tree.right[p.node] = rightNode;
      tree.gain[p.node] = split.gain;

      const leftSmaller = mid - p.start <= p.end - mid;
      const small = pool.take();
      const smallRange = leftSmaller ? { rows, start: p.start, end: mid } : { rows, start: mid, end: p.end };
      buildHistogram(small, input.binned, input.features, selected, smallRange, grad, hess);
      subtractHistogram(p.hist, small, selected);
      const [leftHist, rightHist] = leftSmaller ? [small, p.hist] : [p.hist, small];
      next.push({ node: leftNode, start: p.start, end: mid, depth: p.depth + 1, hist: leftHist, totals: leftTotals });
      next.push({ node: rightNode, start: mid, end: p.end, depth: p.depth + 1, hist: rightHist, totals: rightTotals });
    }
    level = next;
  }
  setInnerValues(tree, 0);
  return tree;
}

/** An inner node's value becomes the cover-weighted mean of its children's, bottom up (Saabas attribution). */
function setInnerValues(tree: GbtTree, node: number): void {
  const left = tree.left[node] as number;
  if (left < 0) return;
  const right = tree.right[node] as number;
  setInnerValues(tree, left);
  setInnerValues(tree, right);
  const cl = tree.cover[left] as number;
  const cr = tree.cover[right] as number;
  tree.value[node] = cl + cr > 0 ? ((tree.value[left] as number) * cl + (tree.value[right] as number) * cr) / (cl + cr) : 0;
}
