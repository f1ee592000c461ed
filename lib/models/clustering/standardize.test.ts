import { describe, expect, it } from "vitest";
import { matrixFromRows } from "./matrix";
import { applyStandardizer, standardize, toRawUnits } from "./standardize";

describe("standardization", () => {
  it("z-scores 1, 2, 3 to -1.2247, 0, 1.2247 (population sd sqrt(2/3))", () => {
    const { matrix } = standardize(matrixFromRows([[1], [2], [3]]), { transforms: ["identity"] });
    const z = 1 / Math.sqrt(2 / 3);
    expect([...matrix.data].map((x) => Number(x.toFixed(10)))).toEqual([-z, 0, z].map((x) => Number(x.toFixed(10))));
  });

  it("takes log1p first: spends 0, e-1, e^2-1 become 0, 1, 2 and so z -1.2247, 0, 1.2247", () => {
    const { matrix, standardizer } = standardize(matrixFromRows([[0], [Math.E - 1], [Math.E ** 2 - 1]]), { transforms: ["log1p"] });
    expect(standardizer.mean[0]).toBeCloseTo(1, 12);
    expect(matrix.data[2]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
    expect(toRawUnits([matrix.data[2] as number], standardizer)[0]).toBeCloseTo(Math.E ** 2 - 1, 9);
  });

  it("turns a constant column into zeros, clips at 5 sd and applies weights", () => {
    // 99 zeros and one 100: the outlier's z is 9.95, clipped to 5, then halved by its weight.
    const rows = Array.from({ length: 100 }, (_, i) => [7, i === 99 ? 100 : 0]);
    const { matrix } = standardize(matrixFromRows(rows), { transforms: ["identity", "identity"], weights: [1, 0.5] });
    expect(matrix.data[0]).toBe(0);
    expect(matrix.data[99 * 2 + 1]).toBe(2.5);
  });

  it("refuses negative values under log1p and NaN anywhere", () => {
    expect(() => standardize(matrixFromRows([[-1]]), { transforms: ["log1p"] })).toThrow(/negative/);
    expect(() => standardize(matrixFromRows([[Number.NaN]]), { transforms: ["identity"] })).toThrow(/finite/);
  });

  it("applies a fitted standardizer to new members", () => {
    const { standardizer } = standardize(matrixFromRows([[0], [10]]), { transforms: ["identity"] });
    expect([...applyStandardizer(matrixFromRows([[5], [15]]), standardizer).data]).toEqual([0, 2]);
  });
});
