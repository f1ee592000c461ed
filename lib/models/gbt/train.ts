/**
 * Gradient-boosted trees for binary classification (log-loss), written here rather than taken from npm:
 * the npm registry's JavaScript GBT packages are either toys (`decision-tree`'s "XGBoost" grows ID3 trees
 * over lodash objects, categorical splits only, no histograms) or not JavaScript (`ml-xgboost` is a 2017
 * WebAssembly build of XGBoost 0.x without feature importances or JSON models); native bindings (xgboost,
 * lightgbm) need a compiler and downloads this project cannot assume. What is here is the core of
 * LightGBM/XGBoost "hist": features pre-binned to <= 255 bins in a Uint8Array, depth-limited trees grown on
 * gradient histograms with the subtraction trick, shrinkage, L2 on leaf values, minimum hessian and rows
 * per leaf, row and column subsampling from a seeded generator, early stopping on a validation split, gain
 * importances and a JSON model. Deterministic: the same data, parameters and seed give the same model.
 */
import { checkLabels } from "../metrics/order";
import { columnsFor, type FeatureMatrix } from "../matrix";
import { SeededRandom } from "../random";
import { binMatrix, binRows } from "./binning";
import { addForest, compileForest } from "./forest";
import { DEFAULT_GBT_PARAMS, GBT_FORMAT, sigmoid, type GbtModel, type GbtParams, type GbtTree } from "./model";
import { growTree, HistogramPool } from "./tree";

export interface TrainGbtInput {
  features: FeatureMatrix;
  /** 1 = churned, 0 = retained. */
  labels: ArrayLike<number>;
  /** Rows for early stopping; when absent, params.validationFraction of the training rows are held out. */
  validation?: { features: FeatureMatrix; labels: ArrayLike<number> };
  params?: Partial<GbtParams>;
}

function checkParams(p: GbtParams): void {
  const bad = (name: keyof GbtParams, rule: string) => {
    throw new RangeError(`GBT parameter ${name} must be ${rule}, got ${p[name]}`);
  };
  if (!Number.isInteger(p.maxTrees) || p.maxTrees < 1) bad("maxTrees", "a positive integer");
  if (!(p.learningRate > 0 && p.learningRate <= 1)) bad("learningRate", "in (0, 1]");
  if (!Number.isInteger(p.maxDepth) || p.maxDepth < 1 || p.maxDepth > 16) bad("maxDepth", "an integer in [1, 16]");
  if (!(p.subsample > 0 && p.subsample <= 1)) bad("subsample", "in (0, 1]");
  if (!(p.colsample > 0 && p.colsample <= 1)) bad("colsample", "in (0, 1]");
  if (!(p.validationFraction >= 0 && p.validationFraction < 1)) bad("validationFraction", "in [0, 1)");
  if (!(p.lambda >= 0) || !(p.minChildWeight >= 0) || !(p.minSamplesLeaf >= 1) || !(p.minSplitGain >= 0)) {
    throw new RangeError("GBT parameters lambda, minChildWeight, minSplitGain must be >= 0 and minSamplesLeaf >= 1");
  }
}

/** Splits rows 0..n-1 into training and held-out rows with a seeded coin per row. */
function holdOut(n: number, fraction: number, random: SeededRandom): { train: number[]; held: number[] } {
  const train: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < n; i++) (fraction > 0 && random.uniform() < fraction ? held : train).push(i);
  return { train, held };
}

function logLossOfMargins(margins: Float64Array, labels: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < margins.length; i++) {
    const m = margins[i] as number;
    // log(1 + e^m) - y m, computed without overflow.
    sum += (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - (labels[i] as number) * m;
  }
  return sum / Math.max(1, margins.length);
}

function addTree(margins: Float64Array, tree: GbtTree, binned: Uint8Array, features: number): void {
  addForest(compileForest([tree]), binned, features, margins);
}

export function trainGbt(input: TrainGbtInput): GbtModel {
  const params: GbtParams = { ...DEFAULT_GBT_PARAMS, ...input.params };
  checkParams(params);
  const { features: matrix } = input;
  checkLabels(input.labels, "trainGbt");
  if (input.validation) {
    checkLabels(input.validation.labels, "trainGbt validation");
    if (input.validation.features.rows !== input.validation.labels.length) throw new RangeError("trainGbt: validation features and labels differ in length");
  }
  if (matrix.rows !== input.labels.length) throw new RangeError(`trainGbt: ${matrix.rows} feature rows but ${input.labels.length} labels`);
  const random = new SeededRandom(params.seed);

  // Training rows and early-stopping rows, binned by edges learnt from the training rows only.
  const split = input.validation ? { train: [...Array(matrix.rows).keys()], held: [] } : holdOut(matrix.rows, params.validationFraction, random);
  const { edges, binned, rows: trainRows } = binMatrix(matrix, split.train, params.maxBins);
  const labels = Uint8Array.from(split.train, (i) => input.labels[i] as number);
  const validation = input.validation
    ? {
        binned: binRows(columnsFor(input.validation.features, matrix.featureNames), edges, input.validation.features.rows),
        labels: Uint8Array.from(input.validation.labels),
      }
    : { binned: binRows(matrix.columns, edges, split.held), labels: Uint8Array.from(split.held, (i) => input.labels[i] as number) };
  const validationRows = validation.labels.length;
  if (trainRows === 0) throw new RangeError("trainGbt needs at least one training row");

  const features = matrix.featureNames.length;
  const positives = labels.reduce((s, y) => s + y, 0);
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / trainRows));
  const baseScore = Math.log(rate / (1 - rate));
  const margins = new Float64Array(trainRows).fill(baseScore);
  const validationMargins = new Float64Array(validationRows).fill(baseScore);
  const grad = new Float64Array(trainRows);
  const hess = new Float64Array(trainRows);
  const valueBins = Int32Array.from(edges, (e) => e.length + 1);
  const pool = new HistogramPool(features);
  const scratch = new Uint32Array(trainRows);
  const trees: GbtTree[] = [];
  const history: number[] = [];
  let best = { loss: Infinity, trees: 0 };

  for (let t = 0; t < params.maxTrees; t++) {
    for (let i = 0; i < trainRows; i++) {
      const p = sigmoid(margins[i] as number);
      grad[i] = p - (labels[i] as number);
      hess[i] = Math.max(p * (1 - p), 1e-16);
    }
    const sampled: number[] = [];
    for (let i = 0; i < trainRows; i++) if (params.subsample >= 1 || random.uniform() < params.subsample) sampled.push(i);
    const selected = random.choose(features, Math.max(1, Math.round(params.colsample * features)));
    const tree = growTree(
      {
        binned,
        features,
        valueBins,
        grad,
        hess,
        rows: Uint32Array.from(sampled),
        selected,
        maxDepth: params.maxDepth,
        learningRate: params.learningRate,
        rules: { lambda: params.lambda, minChildWeight: params.minChildWeight, minSamplesLeaf: params.minSamplesLeaf, minSplitGain: params.minSplitGain },
      },
      pool,
      scratch,
    );
    trees.push(tree);
    addTree(margins, tree, binned, features);
    if (validationRows === 0) continue;
    addTree(validationMargins, tree, validation.binned, features);
    const loss = logLossOfMargins(validationMargins, validation.labels);
    history.push(loss);
    if (loss < best.loss - 1e-12) best = { loss, trees: trees.length };
    else if (trees.length - best.trees >= params.earlyStoppingRounds) break;
  }
  const kept = validationRows === 0 ? trees.length : best.trees;
  return {
    format: GBT_FORMAT,
    featureNames: [...matrix.featureNames],
    binEdges: edges,
    baseScore,
    trees: trees.slice(0, kept),
    params,
    training: { rows: trainRows, validationRows, bestIteration: kept, validationLogLoss: history },
  };
}
