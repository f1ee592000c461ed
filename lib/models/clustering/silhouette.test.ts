import { describe, expect, it } from "vitest";
import { matrixFromRows } from "./matrix";
import { chooseK } from "./select-k";
import { silhouetteScore } from "./silhouette";
import { blobs } from "./synthetic";

describe("silhouette", () => {
  it("of points 0, 1 | 10, 11 on a line is 0.9 (a = 1, b = 10 for the outer points, 9 for the inner: (0.9 + 0.889 + 0.889 + 0.9) / 4)", () => {
    const m = matrixFromRows([[0], [1], [10], [11]]);
    // Point 0: a = 1, b = mean(10, 11) = 10.5 -> 1 - 1/10.5. Point 1: a = 1, b = mean(9, 10) = 9.5 -> 1 - 1/9.5.
    const expected = (2 * (1 - 1 / 10.5) + 2 * (1 - 1 / 9.5)) / 4;
    expect(silhouetteScore(m, [0, 0, 1, 1], 2)).toBeCloseTo(expected, 12);
  });

  it("counts a point alone in its cluster as 0, and is NaN with a single cluster in use", () => {
    const m = matrixFromRows([[0], [1], [10]]);
    // Points 0 and 1: a = 1, b = 10 and 9 -> 0.9 and 0.888...; point 10 alone -> 0.
    expect(silhouetteScore(m, [0, 0, 1], 2)).toBeCloseTo((0.9 + (1 - 1 / 9)) / 3, 12);
    expect(silhouetteScore(m, [0, 0, 0], 2)).toBeNaN();
  });
});

describe("choosing k by silhouette", () => {
  const grid = (k: number) => Array.from({ length: k }, (_, c) => [20 * (c % 3), 20 * Math.floor(c / 3), 0, 0]);

  for (const k of [4, 6]) {
    it(`finds k = ${k} in 3..10 for ${k} well-separated blobs of 150 points`, () => {
      const { m } = blobs(grid(k), 150, 3, k);
      const choice = chooseK(m, { seed: 1, kMin: 3, kMax: 10, silhouetteSample: 600 });
      expect(choice.k).toBe(k);
      expect(choice.candidates.map((c) => c.k)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    });
  }
});
