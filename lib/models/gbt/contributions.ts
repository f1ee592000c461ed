import type { FeatureMatrix } from "../matrix";
import { compileForest } from "./forest";
import { binForModel, type GbtModel } from "./model";

export interface RowContributions {
  /** Log-odds every row starts from: the base score plus each tree's expected output. */
  bias: number;
  /** Per row, per model feature (model.featureNames order): its share of the row's log-odds. */
  contributions: Float64Array[];
}

/** The log-odds every row's contributions start from: the base score plus each tree's root value. */
function biasOf(model: GbtModel): number {
  let bias = model.baseScore;
  for (const tree of model.trees) bias += tree.value[0] as number;
  return bias;
}

/**
 * Walks every row of a row-major binned matrix (binForModel) through every tree once and hands `visit`
 * the row's raw score (log-odds: the base score plus each tree's leaf, summed in tree order as
 * marginsOfBinned does, so the same number to the last bit) and its per-feature contributions by path
 * attribution (below), in one scratch array that is reused for the next row: copy what must outlive the
 * call. One pass for both, one row at a time, and no allocation per row: the scoring run's hot loop.
 */
export function walkContributions(
  model: GbtModel,
  binned: Uint8Array,
  rows: number,
  visit: (row: number, margin: number, contributions: Float64Array) => void,
): void {
  const features = model.featureNames.length;
  const { roots, nodes: n, value, depth } = compileForest(model.trees);
  const scratch = new Float64Array(features);
  for (let i = 0; i < rows; i++) {
    scratch.fill(0);
    const r = i * features;
    let margin = model.baseScore;
    for (let t = 0; t < roots.length; t++) {
      let a = roots[t] as number;
      for (let level = 0; level < depth; level++) {
        const feature = n[a] as number;
        const x = binned[r + feature] as number;
        const next = (n[a + 3] as number) + ((+(x > (n[a + 1] as number)) | (+(x === 0) & (n[a + 2] as number))) << 2);
        // The compiled forest (forest.ts) pads walks to a fixed depth: a leaf points to itself. Stop there:
        // adding and subtracting the leaf's value could move a feature's sum in its last bit.
        if (next === a) break;
        scratch[feature] = (scratch[feature] as number) + (value[next >> 2] as number) - (value[a >> 2] as number);
        a = next;
      }
      margin += value[a >> 2] as number;
    }
    visit(i, margin, scratch);
  }
}

/**
 * Per-feature contributions to each row's log-odds by path attribution (Saabas): walking a tree from the
 * root to the row's leaf, each step changes the expected output from the node's value to the child's, and
 * that change is credited to the feature the node splits on. bias + sum(contributions) is exactly the
 * row's log-odds. Cheaper than TreeSHAP (one path per tree, not all subsets) and good enough to name the
 * few drivers of a member's risk; unlike SHAP it can over-credit features split near the root.
 */
export function explainRows(model: GbtModel, matrix: FeatureMatrix): RowContributions {
  const contributions: Float64Array[] = [];
  walkContributions(model, binForModel(model, matrix), matrix.rows, (_, __, row) => contributions.push(row.slice()));
  return { bias: biasOf(model), contributions };
}
