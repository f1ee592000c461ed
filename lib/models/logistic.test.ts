import { describe, expect, it } from "vitest";
import { featureMatrix } from "./matrix";
import { predictLogistic, solveSpd, trainLogistic } from "./logistic";

describe("solveSpd", () => {
  it("[[4, 2], [2, 3]] x = [2, 1] gives x = [0.5, 0]", () => {
    expect(Array.from(solveSpd(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2)!)).toEqual([0.5, 0]);
  });
  it("answers null for a matrix that is not positive definite", () => {
    expect(solveSpd(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toBeNull();
  });
});

describe("trainLogistic", () => {
  // x = 0: 1 churner in 4; x = 1: 3 in 4. Unpenalized, the fit reproduces both rates exactly.
  const x = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
  const labels = [1, 0, 0, 0, 1, 1, 1, 0];

  it("one binary feature: predicts 1/4 and 3/4, a slope of logit(3/4) - logit(1/4) = 2 ln 3 per unit", () => {
    const model = trainLogistic(featureMatrix(["x"], [x]), labels, { l2: 0 });
    expect(model.converged).toBe(true);
    const p = predictLogistic(model, featureMatrix(["x"], [Float64Array.from([0, 1])]));
    expect(p[0]).toBeCloseTo(0.25, 9);
    expect(p[1]).toBeCloseTo(0.75, 9);
    expect(model.coefficients[0]! / model.scales[0]!).toBeCloseTo(2 * Math.log(3), 9);
    // Standardized at the mean x = 0.5, the log-odds are halfway: 0.
    expect(model.intercept).toBeCloseTo(0, 9);
  });

  it("treats a missing value as the training mean and shrinks the slope under L2", () => {
    const model = trainLogistic(featureMatrix(["x"], [x]), labels, { l2: 0 });
    expect(predictLogistic(model, featureMatrix(["x"], [Float64Array.from([Number.NaN])]))[0]).toBeCloseTo(0.5, 9);
    const shrunk = trainLogistic(featureMatrix(["x"], [x]), labels, { l2: 0.1 });
    expect(Math.abs(shrunk.coefficients[0]!)).toBeLessThan(Math.abs(model.coefficients[0]!));
  });

  it("stays finite on perfectly separable data with a penalty, and refuses labels other than 0/1", () => {
    const model = trainLogistic(featureMatrix(["x"], [x]), [0, 0, 0, 0, 1, 1, 1, 1], { l2: 1e-3 });
    expect(model.converged).toBe(true);
    expect(Number.isFinite(model.coefficients[0]!)).toBe(true);
    expect(() => trainLogistic(featureMatrix(["x"], [x]), [0, 0, 0, 0, 1, 1, 1, 2])).toThrow(/row 7 is 2/);
  });
});
