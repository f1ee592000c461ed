import { describe, expect, it } from "vitest";
import { featureMatrix } from "../matrix";
import { SeededRandom } from "../random";
import { checkNoLeakage, rfmMatrix, runBacktest } from "./backtest";
import { alignByMember, joinLabels, type LabelledSet } from "./dataset";
import { formatAcceptance } from "./report";

const DAY = 86_400_000;
const TRAIN = new Date("2025-01-01T00:00:00Z");
const TEST = new Date(TRAIN.getTime() + 90 * DAY);
const RFM = { recency: "recency", frequency: "frequency", monetary: "monetary" };

/**
 * Members whose churn depends on recency and, beyond what RFM can see, on a drop in engagement, so the
 * trees on all features should beat the RFM baseline.
 */
function members(rows: number, seed: number, prefix: string): LabelledSet {
  const random = new SeededRandom(seed);
  const names = ["recency", "frequency", "monetary", "engagement_drop", "noise"];
  const columns = names.map(() => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const recency = random.uniform() * 300;
    const frequency = 1 + Math.floor(random.uniform() * 30);
    const drop = random.uniform() < 0.4 ? 1 : 0;
    const values = [recency, frequency, 10 + random.uniform() * 90, drop + 0.2 * random.uniform(), random.uniform()];
    values.forEach((v, f) => ((columns[f] as Float64Array)[i] = v));
    const margin = -2 + recency / 60 - frequency / 15 + 2.5 * drop;
    labels[i] = random.uniform() < 1 / (1 + Math.exp(-margin)) ? 1 : 0;
  }
  return { memberIds: Array.from({ length: rows }, (_, i) => `${prefix}${i}`), features: featureMatrix(names, columns), labels };
}

describe("checkNoLeakage", () => {
  it("accepts a test cutoff exactly 90 days after the training cutoff and refuses 89", () => {
    expect(() => checkNoLeakage(TRAIN, TEST, 90)).not.toThrow();
    expect(() => checkNoLeakage(TRAIN, new Date(TEST.getTime() - DAY), 90)).toThrow(/leakage: training labels run to 2025-04-01/);
  });
});

describe("rfmMatrix", () => {
  it("takes log1p of recency, frequency and monetary: 0 -> 0, e - 1 -> 1, negatives clamp to 0", () => {
    const m = rfmMatrix(featureMatrix(["recency", "frequency", "monetary"], [Float64Array.of(0), Float64Array.of(Math.E - 1), Float64Array.of(-5)]), RFM);
    expect(m.featureNames).toEqual(["log1p_recency", "log1p_frequency", "log1p_monetary"]);
    expect(m.columns.map((c) => c[0])).toEqual([0, 1, 0]);
  });
});

describe("runBacktest", () => {
  const train = { ...members(3000, 1, "a"), cutoff: TRAIN };
  const test = { ...members(3000, 2, "b"), cutoff: TEST };

  it("reports every model and baseline; trees on all features beat RFM by more than 0.02 AUC", () => {
    const recencyOnly = { name: "recency score", testScores: test.features.columns[0]!, probabilities: false };
    const result = runBacktest({ train, test, horizonDays: 90, rfm: RFM, scoreBaselines: [recencyOnly] });
    const by = Object.fromEntries(result.evaluations.map((e) => [e.name, e]));
    expect(Object.keys(by)).toEqual(["gbt", "logistic", "rfm", "recency score"]);
    expect(by.gbt!.auc).toBeGreaterThan(by.rfm!.auc + 0.02);
    expect(by["recency score"]!.brier).toBeNull();
    expect(by.gbt!.calibration!.bins).toHaveLength(10);
    expect(result.importances.slice(0, 3).map((i) => i.feature).sort()).toEqual(["engagement_drop", "frequency", "recency"]);
    expect(result.trainRows + result.testRows).toBe(6000);
    const acceptance = formatAcceptance(result, ["rfm", "btyd"]).split("\n");
    expect(acceptance[0]).toMatch(/^GBT AUC 0\.\d{3} vs rfm 0\.\d{3}: \+0\.\d{3} \(goal >= \+0\.02: met\)$/);
    expect(acceptance[1]).toBe("GBT vs btyd: not measured");
    expect(formatAcceptance(result, ["logistic"], 0.99)).toMatch(/NOT met/);
  });

  it("refuses leakage, a baseline of the wrong length and test features that differ from training", () => {
    expect(() => runBacktest({ train, test: { ...test, cutoff: new Date(TRAIN.getTime() + 30 * DAY) }, horizonDays: 90, rfm: RFM })).toThrow(/leakage/);
    expect(() =>
      runBacktest({ train, test, horizonDays: 90, rfm: RFM, scoreBaselines: [{ name: "btyd", testScores: new Float64Array(5), probabilities: true }] }),
    ).toThrow(/"btyd" has 5 scores for 3000 test members/);
    const renamed = { ...test, features: featureMatrix(["r", "f", "m", "e", "n"], [...test.features.columns]) };
    expect(() => runBacktest({ train, test: renamed, horizonDays: 90, rfm: RFM })).toThrow(/same names/);
  });
});

describe("joinLabels and alignByMember", () => {
  it("keeps members with both features and a label, in feature order", () => {
    const features = { memberIds: ["m1", "m2", "m3"], features: featureMatrix(["x"], [Float64Array.of(1, 2, 3)]) };
    const set = joinLabels(features, [
      { memberId: "m3", churned: true },
      { memberId: "m1", churned: false },
      { memberId: "m9", churned: true },
    ]);
    expect(set.memberIds).toEqual(["m1", "m3"]);
    expect(Array.from(set.labels)).toEqual([0, 1]);
    expect(Array.from(set.features.columns[0]!)).toEqual([1, 3]);
    expect(Array.from(alignByMember(set.memberIds, new Map([["m3", 0.7]])))).toEqual([Number.NaN, 0.7]);
  });
});

describe("stacked training cutoffs", () => {
  it("trains on both cutoffs' members and checks each cutoff for leakage", () => {
    const early = { ...members(1500, 3, "a"), cutoff: new Date(TRAIN.getTime() - 30 * DAY) };
    const late = { ...members(1500, 4, "a"), cutoff: TRAIN };
    const test = { ...members(2000, 5, "b"), cutoff: TEST };
    const result = runBacktest({ train: [late, early], test, horizonDays: 90, rfm: RFM });
    expect(result.trainRows).toBe(3000);
    expect(result.trainCutoffs).toEqual([TRAIN, early.cutoff]);
    const tooLate = { ...late, cutoff: new Date(TRAIN.getTime() + DAY) };
    expect(() => runBacktest({ train: [tooLate, early], test, horizonDays: 90, rfm: RFM })).toThrow(/leakage/);
  });
});
