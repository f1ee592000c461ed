import { describe, expect, it } from "vitest";
import { adjustedRandIndex } from "./ari";

describe("adjusted Rand index", () => {
  it("is 1 for the same partition under other names", () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], ["b", "b", "a", "a", "c"])).toBe(1);
  });

  it("of [0,0,1,1] against [0,0,1,2] is 4/7: index 1, expected 2*1/6 = 1/3, maximum (2+1)/2 = 1.5", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo((1 - 1 / 3) / (1.5 - 1 / 3), 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
  });

  it("is 0 for one cluster against all singletons, and negative for a labelling worse than chance", () => {
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    // Pairs together in one are apart in the other: index 0, expected 2*2/6, maximum 2 -> -0.5.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it("refuses labellings of different lengths", () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/differ in length/);
  });
});
