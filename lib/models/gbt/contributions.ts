import type { FeatureMatrix } from "../matrix";
import { MISSING_BIN } from "./binning";
import { binForModel, type GbtModel } from "./model";

export interface RowContributions {
  /** Log-odds every row starts from: the base score plus each tree's expected output. */
  bias: number;
  /** Per row, per model feature (model.featureNames order): its share of the row's log-odds. */
  contributions: Float64Array[];
}

/**
 * Per-feature contributions to each row's log-odds by path attribution (Saabas): walking a tree from the
 * root to the row's leaf, each step changes the expected output from the node's value to the child's, and
 * that change is credited to the feature the node splits on. bias + sum(contributions) is exactly the
 * row's log-odds. Cheaper than TreeSHAP (one path per tree, not all subsets) and good enough to name the
 * few drivers of a member's risk; unlike SHAP it can over-credit features split near the root.
 */
export function explainRows(model: GbtModel, matrix: FeatureMatrix): RowContributions {
  const features = model.featureNames.length;
  const binned = binForModel(model, matrix);
  let bias = model.baseScore;
  for (const tree of model.trees) bias += tree.value[0] as number;
  const contributions = Array.from({ length: matrix.rows }, () => new Float64Array(features));
  for (const tree of model.trees) {
    for (let i = 0; i < matrix.rows; i++) {
      const row = contributions[i] as Float64Array;
      let node = 0;
      let feature = tree.feature[0] as number;
      while (feature >= 0) {
        const bin = binned[i * features + feature] as number;
        const goLeft = bin === MISSING_BIN ? tree.missingLeft[node] === 1 : bin <= (tree.threshold[node] as number);
        const child = (goLeft ? tree.left[node] : tree.right[node]) as number;
        row[feature] = (row[feature] as number) + (tree.value[child] as number) - (tree.value[node] as number);
        node = child;
        feature = tree.feature[node] as number;
      }
    }
  }
  return { bias, contributions };
}
