import { columnsFor, type FeatureMatrix } from "../matrix";
import { binRows } from "./binning";
import { addForest, compileForest } from "./forest";

/**
 * One regression tree, as parallel arrays indexed by node (root = 0). A leaf has feature -1 and its output
 * (learning rate applied) in `value`; an inner node's `value` is the cover-weighted mean of its leaves,
 * which path attribution (contributions.ts) needs. Plain arrays, so a model is plain JSON.
 */
export interface GbtTree {
  feature: number[];
  /** Value bins 1..threshold go left (raw value <= binEdges[feature][threshold - 1]). */
  threshold: number[];
  /** 1 when missing values go left, else 0. */
  missingLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  /** Sum of hessians of the training rows that reached the node. */
  cover: number[];
  /** Gain of the node's split; 0 for a leaf. */
  gain: number[];
}

export interface GbtParams {
  maxTrees: number;
  learningRate: number;
  maxDepth: number;
  /** Minimum sum of hessians (p(1 - p) summed over rows) in a leaf. */
  minChildWeight: number;
  minSamplesLeaf: number;
  /** L2 regularization of leaf values (XGBoost's lambda). */
  lambda: number;
  /** Minimum gain of a split (XGBoost's gamma). */
  minSplitGain: number;
  /** Share of rows drawn (without replacement) for each tree. */
  subsample: number;
  /** Share of features drawn for each tree. */
  colsample: number;
  maxBins: number;
  /** Stop when the validation log-loss has not improved for this many trees. */
  earlyStoppingRounds: number;
  /** Share of training rows held out for early stopping when no validation set is given; 0 = none. */
  validationFraction: number;
  seed: number;
}

export const DEFAULT_GBT_PARAMS: GbtParams = {
  maxTrees: 400,
  learningRate: 0.08,
  maxDepth: 5,
  minChildWeight: 1,
  minSamplesLeaf: 20,
  lambda: 1,
  minSplitGain: 0,
  subsample: 0.8,
  colsample: 0.8,
  maxBins: 255,
  earlyStoppingRounds: 30,
  validationFraction: 0.2,
  seed: 1,
};

export const GBT_FORMAT = "loyalist-gbt/1";

export interface GbtModel {
  format: typeof GBT_FORMAT;
  featureNames: string[];
  binEdges: number[][];
  /** Log-odds every prediction starts from: the training churn rate's. */
  baseScore: number;
  trees: GbtTree[];
  params: GbtParams;
  training: {
    rows: number;
    validationRows: number;
    /** Trees kept: those up to the best validation log-loss. */
    bestIteration: number;
    validationLogLoss: number[];
  };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The matrix's columns for the model's features, binned by the model's edges. */
export function binForModel(model: GbtModel, matrix: FeatureMatrix): Uint8Array {
  return binRows(columnsFor(matrix, model.featureNames), model.binEdges, matrix.rows);
}

/** Raw scores (log-odds) of binned rows: the base score plus every tree's leaf. */
export function marginsOfBinned(model: GbtModel, binned: Uint8Array, rows: number): Float64Array {
  const margins = new Float64Array(rows).fill(model.baseScore);
  addForest(compileForest(model.trees), binned, model.featureNames.length, margins);
  return margins;
}

/** Churn probabilities for every row of the matrix; features are matched by name, so column order is free. */
export function predictProbabilities(model: GbtModel, matrix: FeatureMatrix): Float64Array {
  const margins = marginsOfBinned(model, binForModel(model, matrix), matrix.rows);
  for (let i = 0; i < margins.length; i++) margins[i] = sigmoid(margins[i] as number);
  return margins;
}

export interface FeatureImportance {
  feature: string;
  /** Total gain of the feature's splits over all trees. */
  gain: number;
  /** Share of the model's total gain. */
  share: number;
  splits: number;
}

/** Importance by total gain (the measure least biased toward features with many bins), largest first. */
export function featureImportances(model: GbtModel): FeatureImportance[] {
  const gain = new Float64Array(model.featureNames.length);
  const splits = new Int32Array(model.featureNames.length);
  for (const tree of model.trees) {
    tree.feature.forEach((f, node) => {
      if (f < 0) return;
      gain[f] = (gain[f] as number) + (tree.gain[node] as number);
      splits[f] = (splits[f] as number) + 1;
    });
  }
  const total = gain.reduce((s, g) => s + g, 0);
  return model.featureNames
    .map((feature, f) => ({ feature, gain: gain[f] as number, share: total > 0 ? (gain[f] as number) / total : 0, splits: splits[f] as number }))
    .sort((a, b) => b.gain - a.gain || a.feature.localeCompare(b.feature));
}

/** A model from its JSON text, checked enough that a wrong or truncated document is refused, not half-used. */
export function parseGbtModel(json: string): GbtModel {
  const model = JSON.parse(json) as GbtModel;
  if (model?.format !== GBT_FORMAT) throw new Error(`not a ${GBT_FORMAT} model (format: ${String(model?.format)})`);
  if (!Array.isArray(model.featureNames) || !Array.isArray(model.trees) || model.binEdges?.length !== model.featureNames.length) {
    throw new Error("GBT model document is incomplete: featureNames, binEdges and trees are required");
  }
  for (const [t, tree] of model.trees.entries()) {
    const n = tree.feature?.length ?? 0;
    const arrays = [tree.threshold, tree.missingLeft, tree.left, tree.right, tree.value, tree.cover, tree.gain];
    if (n === 0 || arrays.some((a) => a?.length !== n)) throw new Error(`GBT model tree ${t} is malformed`);
  }
  return model;
}
