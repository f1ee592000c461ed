import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyIsotonic, averagePrecision, brierScore, calibrationCurve, fitIsotonic, liftAt, liftCurve, logLoss, rocAuc } from "./index";

/** AUC by its definition, over every positive x negative pair: O(n^2), for checking the fast one. */
function pairwiseAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((yi, i) =>
    labels.forEach((yj, j) => {
      if (yi !== 1 || yj !== 0) return;
      pairs++;
      const si = scores[i] as number;
      const sj = scores[j] as number;
      wins += si > sj ? 1 : si === sj ? 0.5 : 0;
    }),
  );
  return wins / pairs;
}

describe("rocAuc", () => {
  it("3 positives x 2 negatives with one tied pair: (2 + 1.5 + 0) / 6 = 0.5833", () => {
    expect(rocAuc([1, 0, 1, 0, 1], [0.9, 0.8, 0.8, 0.3, 0.1])).toBeCloseTo(3.5 / 6, 12);
  });

  it("is 1 for a perfect ranking, 0 for a reversed one and 0.5 when every score is equal", () => {
    expect(rocAuc([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [4, 3, 2, 1])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [7, 7, 7, 7])).toBe(0.5);
  });

  it("equals the pairwise definition on random scores with many ties", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 5 })), { minLength: 2, maxLength: 60 }),
        (rows) => {
          const labels = rows.map((r) => r[0]);
          const scores = rows.map((r) => r[1]);
          fc.pre(labels.includes(0) && labels.includes(1));
          expect(rocAuc(labels, scores)).toBeCloseTo(pairwiseAuc(labels, scores), 12);
        },
      ),
    );
  });

  it("refuses labels of one class only, other labels than 0/1 and unequal lengths", () => {
    expect(() => rocAuc([1, 1], [0.1, 0.2])).toThrow(/one positive and one negative/);
    expect(() => rocAuc([1, 2], [0.1, 0.2])).toThrow(/row 1 is 2/);
    expect(() => rocAuc([1, 0], [0.1])).toThrow(/2 labels but 1 scores/);
    expect(() => rocAuc([1, 0], [0.1, Number.NaN])).toThrow(/score at row 1/);
  });
});

describe("averagePrecision", () => {
  it("thresholds 0.9, 0.8 (tied pair), 0.3, 0.1: 1/3 x 1 + 1/3 x 2/3 + 1/3 x 3/5 = 34/45", () => {
    expect(averagePrecision([1, 0, 1, 0, 1], [0.9, 0.8, 0.8, 0.3, 0.1])).toBeCloseTo(34 / 45, 12);
  });

  it("is 1 when every positive ranks first and the positive rate when all scores tie", () => {
    expect(averagePrecision([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])).toBe(1);
    expect(averagePrecision([0, 1, 0, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.25);
  });
});

describe("liftAt", () => {
  const labels = [1, 0, 1, 0, 0, 1, 0, 0, 1, 0];
  it("top decile of 10 rows is the single best-scored row: positive, so 1 / 0.4 = 2.5", () => {
    const scores = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
    expect(liftAt(labels, scores, 0.1)).toBeCloseTo(2.5, 12);
    // Top 20%: rows 0 and 1, one positive: 0.5 / 0.4.
    expect(liftAt(labels, scores, 0.2)).toBeCloseTo(1.25, 12);
  });

  it("splits a tie at the cut-off pro rata: two tied rows (one positive) for one place give 0.5 / 0.4 = 1.25", () => {
    const scores = [0.9, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
    expect(liftAt(labels, scores, 0.1)).toBeCloseTo(1.25, 12);
    // The tied pair's labels swapped: the same lift, since tied rows cannot be told apart.
    expect(liftAt([0, 1, ...labels.slice(2)], scores, 0.1)).toBeCloseTo(1.25, 12);
  });

  it("is 1 over all rows", () => {
    expect(liftAt(labels, labels.map((_, i) => i), 1)).toBeCloseTo(1, 12);
    expect(() => liftAt(labels, labels, 0)).toThrow(/fraction/);
  });
});

describe("liftCurve", () => {
  const labels = [1, 0, 1, 0, 0, 1, 0, 0, 1, 0];
  it("by decile of 10 rows (rows 0 and 1 tied): positives in the top k rows / k / 0.4, the tie's half-row at 10%", () => {
    const scores = [0.9, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
    const positivesInTop = [0.5, 1, 2, 2, 2, 3, 3, 3, 4, 4];
    const curve = liftCurve(labels, scores);
    expect(curve).toHaveLength(10);
    curve.forEach((lift, k) => expect(lift).toBeCloseTo(positivesInTop[k]! / (k + 1) / 0.4, 12));
  });

  it("refuses fractions that do not ascend", () => {
    expect(() => liftCurve(labels, labels, [0.5, 0.2])).toThrow(/ascend/);
  });
});

describe("brierScore and logLoss", () => {
  it("(0.2^2 + 0.3^2 + 0.5^2) / 3 = 0.12667", () => {
    expect(brierScore([1, 0, 1], [0.8, 0.3, 0.5])).toBeCloseTo(0.38 / 3, 12);
  });

  it("log loss of 0.8 on a positive and 0.3 on a negative is (-ln 0.8 - ln 0.7) / 2", () => {
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo((-Math.log(0.8) - Math.log(0.7)) / 2, 12);
  });

  it("refuses a probability outside [0, 1]", () => {
    expect(() => brierScore([1], [1.2])).toThrow(/row 0 is 1.2/);
  });
});

describe("calibrationCurve", () => {
  it("two bins of [0.1, 0.4 | 0.6, 0.9] with outcomes [0, 1 | 0, 1]: means 0.25 and 0.75, both observed 0.5, ECE 0.25", () => {
    const curve = calibrationCurve([0, 1, 0, 1], [0.1, 0.4, 0.6, 0.9], 2);
    expect(curve.bins.map((b) => [b.count, b.meanPredicted, b.observedRate])).toEqual([
      [2, 0.25, 0.5],
      [2, 0.75, 0.5],
    ]);
    expect(curve.expectedCalibrationError).toBeCloseTo(0.25, 12);
  });

  it("cuts 25 rows into deciles of 2 and 3 rows, ordered by prediction whatever the input order", () => {
    const probabilities = Array.from({ length: 25 }, (_, i) => ((i * 7) % 25) / 25);
    const labels = probabilities.map((p) => (p >= 0.5 ? 1 : 0));
    const curve = calibrationCurve(labels, probabilities);
    expect(curve.bins.map((b) => b.count)).toEqual([2, 3, 2, 3, 2, 3, 2, 3, 2, 3]);
    expect(curve.bins[0]).toMatchObject({ minPredicted: 0, maxPredicted: 0.04, meanPredicted: 0.02, observedRate: 0 });
    expect(curve.bins[9]).toMatchObject({ minPredicted: 0.88, maxPredicted: 0.96, observedRate: 1 });
  });
});

describe("isotonic calibration", () => {
  it("pools the violating pair (1, 0) into 0.5 and interpolates between blocks", () => {
    const fit = fitIsotonic([1, 0, 1, 1], [1, 2, 3, 4]);
    expect(fit.values).toEqual([0.5, 1, 1]);
    expect(fit.lows).toEqual([1, 3, 4]);
    expect(fit.highs).toEqual([2, 3, 4]);
    expect(applyIsotonic(fit, 2.5)).toBeCloseTo(0.75, 12);
    expect(applyIsotonic(fit, 0)).toBe(0.5);
    expect(applyIsotonic(fit, 10)).toBe(1);
  });

  it("keeps tied scores in one block: [1, 1, 2] with outcomes [1, 0, 0] pool to 1/3", () => {
    const fit = fitIsotonic([1, 0, 0], [1, 1, 2]);
    expect(fit.values).toHaveLength(1);
    expect(fit.values[0]).toBeCloseTo(1 / 3, 12);
  });

  it("is non-decreasing on random data", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 80 }), (rows) => {
        const fit = fitIsotonic(
          rows.map((r) => r[0]),
          rows.map((r) => r[1]),
        );
        fit.values.forEach((v, i) => i === 0 || expect(v).toBeGreaterThanOrEqual(fit.values[i - 1] as number));
      }),
    );
  });
});
