import { describe, expect, it } from "vitest";
import { compareRuns } from "./moves";

describe("comparing two runs", () => {
  it("counts nobody as moved when the clusters only changed numbers", () => {
    const ids = ["a", "b", "c", "d"];
    const result = compareRuns({ memberIds: ids, labels: [0, 0, 1, 2], k: 3 }, { memberIds: ids, labels: [2, 2, 0, 1], k: 3 });
    expect([result.moved, result.stayed, result.entered, result.left]).toEqual([0, 4, 0, 0]);
    expect(result.matches).toEqual([
      { previous: 0, current: 2, overlap: 2 },
      { previous: 1, current: 0, overlap: 1 },
      { previous: 2, current: 1, overlap: 1 },
    ]);
  });

  it("matches clusters by the members they keep: 1 of 6 moved, 1 joined and 1 left", () => {
    // Previous: {a, b, c} {d, e, f, x}. Current: {d, e, f, y} {a, b} {c} -> cluster 1 continues the first, cluster 0 the second.
    const result = compareRuns(
      { memberIds: ["a", "b", "c", "d", "e", "f", "x"], labels: [0, 0, 0, 1, 1, 1, 1], k: 2 },
      { memberIds: ["a", "b", "c", "d", "e", "f", "y"], labels: [1, 1, 2, 0, 0, 0, 0], k: 3 },
    );
    expect(result.matches).toEqual([
      { previous: 0, current: 1, overlap: 2 },
      { previous: 1, current: 0, overlap: 3 },
    ]);
    expect([result.moved, result.stayed, result.entered, result.left]).toEqual([1, 5, 1, 1]);
    expect(result.perCluster).toEqual([
      { current: 0, previous: 1, stayed: 3, movedIn: 0, entered: 1 },
      { current: 1, previous: 0, stayed: 2, movedIn: 0, entered: 0 },
      { current: 2, previous: null, stayed: 0, movedIn: 1, entered: 0 },
    ]);
  });

  it("prefers the matching that keeps the most members overall to the greedy one", () => {
    // Overlaps [[5, 4], [4, 0]]: greedy takes 5 (0->0) and then 0 (1->1) = 5 kept; the best is 0->1, 1->0 = 8 kept.
    const previous = [...Array(9).fill(0), ...Array(4).fill(1)];
    const current = [...Array(5).fill(0), ...Array(4).fill(1), ...Array(4).fill(0)];
    const ids = previous.map((_, i) => `m${i}`);
    const result = compareRuns({ memberIds: ids, labels: previous, k: 2 }, { memberIds: ids, labels: current, k: 2 });
    expect(result.matches.map((m) => m.current)).toEqual([1, 0]);
    expect([result.stayed, result.moved]).toEqual([8, 5]);
  });
});
