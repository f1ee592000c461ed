import { describe, expect, it } from "vitest";
import { expectedCumulativeRepeats } from "./cohort";
import { asCompressed, compressRfm, summarizeTransactions, totalCount } from "./summary";

describe("sufficient statistics", () => {
  it("purchases at 0, 3, 7 and 12 with calibration ending at 10: x = 2, t_x = 7, T = 10", () => {
    expect(summarizeTransactions([3, 0, 12, 7], 10)).toEqual({ x: 2, tx: 7, T: 10 });
    expect(summarizeTransactions([4], 10)).toEqual({ x: 0, tx: 0, T: 6 });
    expect(summarizeTransactions([11], 10)).toBeUndefined();
  });

  it("compresses 5 customers with 3 distinct triples into 3 rows whose counts add up to 5", () => {
    const rows = compressRfm([
      { x: 0, tx: 0, T: 10 },
      { x: 1, tx: 2, T: 10 },
      { x: 0, tx: 0, T: 10 },
      { x: 1, tx: 2, T: 10 },
      { x: 1, tx: 2, T: 9 },
    ]);
    expect(rows).toEqual([
      { x: 0, tx: 0, T: 10, count: 2 },
      { x: 1, tx: 2, T: 9, count: 1 },
      { x: 1, tx: 2, T: 10, count: 2 },
    ]);
    expect(totalCount(rows)).toBe(5);
    expect(asCompressed([{ x: 1, tx: 2, T: 9 }])).toEqual([{ x: 1, tx: 2, T: 9, count: 1 }]);
  });

  it("refuses impossible triples: t_x > T, a fractional x, or t_x > 0 with x = 0", () => {
    expect(() => compressRfm([{ x: 1, tx: 5, T: 4 }])).toThrow(/invalid/);
    expect(() => compressRfm([{ x: 1.5, tx: 1, T: 4 }])).toThrow(/invalid/);
    expect(() => compressRfm([{ x: 0, tx: 1, T: 4 }])).toThrow(/invalid/);
  });
});

describe("cohort tracking", () => {
  it("with E[X(t)] = t, births at 0, 0 and 5: by week 10 the cohort expects 10 + 10 + 5 = 25, by week 3 expects 6", () => {
    expect(expectedCumulativeRepeats((t) => t, [0, 0, 5], [3, 10])).toEqual([6, 25]);
  });
});

describe("compression on a grid", () => {
  it("rounds t_x and T to whole weeks: (1, 2.4, 9.6) and (1, 1.6, 10.4) both become (1, 2, 10)", () => {
    expect(
      compressRfm(
        [
          { x: 1, tx: 2.4, T: 9.6 },
          { x: 1, tx: 1.6, T: 10.4 },
        ],
        1,
      ),
    ).toEqual([{ x: 1, tx: 2, T: 10, count: 2 }]);
  });
});
