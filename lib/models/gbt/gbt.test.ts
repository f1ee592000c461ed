import { describe, expect, it } from "vitest";
import { featureMatrix, selectColumns } from "../matrix";
import { rocAuc } from "../metrics";
import { SeededRandom } from "../random";
import { binEdges, binOf } from "./binning";
import { explainRows, featureImportances, parseGbtModel, predictProbabilities, sigmoid, trainGbt, type GbtParams } from "./index";

const EXACT: Partial<GbtParams> = { minSamplesLeaf: 1, minChildWeight: 0, lambda: 0, subsample: 1, colsample: 1, validationFraction: 0 };

/** Rows whose churn depends on x0 (strongly), on x1 being missing, and not at all on x2 (noise). */
function synthetic(rows: number, seed: number) {
  const random = new SeededRandom(seed);
  const x0 = new Float64Array(rows);
  const x1 = new Float64Array(rows);
  const x2 = new Float64Array(rows);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    x0[i] = random.uniform() * 10;
    x1[i] = random.uniform() < 0.3 ? Number.NaN : random.uniform();
    x2[i] = random.uniform();
    const margin = ((x0[i] as number) - 5) * 0.9 + (Number.isNaN(x1[i] as number) ? 1.5 : -0.5);
    labels[i] = random.uniform() < sigmoid(margin) ? 1 : 0;
  }
  return { features: featureMatrix(["x0", "x1", "x2"], [x0, x1, x2]), labels };
}

describe("binning", () => {
  it("puts edges halfway between few distinct values and NaN in bin 0", () => {
    const edges = binEdges(Float64Array.from([4, 1, 2, Number.NaN, 3, 2]));
    expect(edges).toEqual([1.5, 2.5, 3.5]);
    expect([Number.NaN, 1, 2, 2.5, 3, 4, 99].map((v) => binOf(edges, v))).toEqual([0, 1, 2, 2, 3, 4, 4]);
  });

  it("cuts 10,000 distinct values into at most 255 bins of about 39 rows each", () => {
    const column = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const edges = binEdges(column);
    expect(edges.length).toBe(254);
    const counts = new Map<number, number>();
    for (const v of column) counts.set(binOf(edges, v), (counts.get(binOf(edges, v)) ?? 0) + 1);
    expect(counts.size).toBe(255);
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(2);
  });
});

describe("trainGbt", () => {
  it("one stump on x = 1, 2, 3, 4 with y = 0, 0, 1, 1: split at 2.5, leaves -G/H = -0.5x2/0.25x2 = -2 and +2", () => {
    const features = featureMatrix(["x"], [Float64Array.from([1, 2, 3, 4])]);
    const model = trainGbt({ features, labels: [0, 0, 1, 1], params: { ...EXACT, maxTrees: 1, maxDepth: 1, learningRate: 1 } });
    const tree = model.trees[0]!;
    expect(model.baseScore).toBeCloseTo(0, 12);
    expect(model.binEdges[0]![tree.threshold[0]! - 1]).toBe(2.5);
    expect(tree.value.slice(1)).toEqual([-2, 2]);
    // gain = 0.5 x (1^2/0.5 + 1^2/0.5 - 0) = 2
    expect(tree.gain[0]).toBeCloseTo(2, 12);
    const p = predictProbabilities(model, features);
    expect(Array.from(p)).toEqual([sigmoid(-2), sigmoid(-2), sigmoid(2), sigmoid(2)]);
  });

  it("learns where missing values go: churn exactly when x is missing", () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? Number.NaN : i));
    const labels = Array.from(x, (v) => (Number.isNaN(v) ? 1 : 0));
    const model = trainGbt({ features: featureMatrix(["x"], [x]), labels, params: { ...EXACT, maxTrees: 20, maxDepth: 1, learningRate: 0.5 } });
    const p = predictProbabilities(model, featureMatrix(["x"], [Float64Array.from([Number.NaN, 7, -100, 1000])]));
    expect(p[0]).toBeGreaterThan(0.99);
    for (const q of p.slice(1)) expect(q).toBeLessThan(0.01);
  });

  it("ranks held-out rows well, finds x0 the most important feature and x2 (noise) the least", () => {
    const train = synthetic(4000, 1);
    const test = synthetic(2000, 2);
    const model = trainGbt({ features: train.features, labels: train.labels, params: { maxTrees: 200, maxDepth: 3 } });
    // The generating margin itself reaches about 0.90 on these rows; the trees should come close.
    expect(rocAuc(test.labels, predictProbabilities(model, test.features))).toBeGreaterThan(0.86);
    expect(featureImportances(model).map((f) => f.feature)).toEqual(["x0", "x1", "x2"]);
    expect(model.training.bestIteration).toBeLessThan(200);
    expect(model.trees).toHaveLength(model.training.bestIteration);
  });

  it("is deterministic for a seed, differs for another seed, and survives a JSON round trip with columns reordered", () => {
    const { features, labels } = synthetic(1500, 3);
    const a = trainGbt({ features, labels, params: { maxTrees: 30, seed: 7 } });
    const b = trainGbt({ features, labels, params: { maxTrees: 30, seed: 7 } });
    const c = trainGbt({ features, labels, params: { maxTrees: 30, seed: 8 } });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.trees)).not.toBe(JSON.stringify(c.trees));
    const restored = parseGbtModel(JSON.stringify(a));
    const reordered = selectColumns(features, ["x2", "x0", "x1"]);
    expect(Array.from(predictProbabilities(restored, reordered))).toEqual(Array.from(predictProbabilities(a, features)));
  });

  it("refuses bad parameters, a model document of another format and a matrix without the model's features", () => {
    const { features, labels } = synthetic(100, 4);
    expect(() => trainGbt({ features, labels, params: { learningRate: 0 } })).toThrow(/learningRate/);
    expect(() => trainGbt({ features, labels: labels.slice(1) })).toThrow(/100 feature rows but 99 labels/);
    expect(() => parseGbtModel('{"format":"other"}')).toThrow(/not a loyalist-gbt\/1 model/);
    const model = trainGbt({ features, labels, params: { maxTrees: 2 } });
    expect(() => predictProbabilities(model, selectColumns(features, ["x0"]))).toThrow(/feature "x1" is not in the matrix/);
  });
});

describe("explainRows (path attribution)", () => {
  it("bias plus the contributions is each row's log-odds, and the noise feature gets the least", () => {
    const { features, labels } = synthetic(3000, 5);
    const model = trainGbt({ features, labels, params: { maxTrees: 60, maxDepth: 3 } });
    const probabilities = predictProbabilities(model, features);
    const { bias, contributions } = explainRows(model, features);
    const totals = [0, 0, 0];
    contributions.forEach((row, i) => {
      const margin = bias + row.reduce((s, c) => s + c, 0);
      expect(sigmoid(margin)).toBeCloseTo(probabilities[i]!, 10);
      row.forEach((c, f) => (totals[f]! += Math.abs(c)));
    });
    expect(totals[0]).toBeGreaterThan(totals[1]!);
    expect(totals[1]).toBeGreaterThan(totals[2]!);
  });

  it("on the stump, credits the whole move from the mean (0) to the leaf (+-2) to the split feature", () => {
    const features = featureMatrix(["x", "unused"], [Float64Array.from([1, 2, 3, 4]), Float64Array.from([5, 5, 5, 5])]);
    const model = trainGbt({ features, labels: [0, 0, 1, 1], params: { ...EXACT, maxTrees: 1, maxDepth: 1, learningRate: 1 } });
    const { bias, contributions } = explainRows(model, features);
    expect(bias).toBeCloseTo(0, 12);
    expect(contributions.map((row) => Array.from(row))).toEqual([
      [-2, 0],
      [-2, 0],
      [2, 0],
      [2, 0],
    ]);
  });
});
