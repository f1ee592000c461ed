import { describe, expect, it } from "vitest";
import { adjustedRandIndex } from "./ari";
import { assignClusters, fitMiniBatchKMeans, kmeansPlusPlus } from "./kmeans";
import { matrixFromRows } from "./matrix";
import { seededUniform } from "./random";
import { blobs } from "./synthetic";

const THREE = [
  [0, 0, 0],
  [10, 0, 0],
  [0, 10, 5],
];

describe("mini-batch k-means", () => {
  it("recovers 3 blobs 10 apart with noise of at most 1 exactly (ARI 1), each centroid within 0.2 of its blob's centre", () => {
    const { m, truth } = blobs(THREE, 400, 1, 1);
    const model = fitMiniBatchKMeans(m, { k: 3, seed: 7, batchSize: 100 });
    const { labels, sizes } = assignClusters(m, model.centroids, 3);
    expect(adjustedRandIndex(labels, truth)).toBe(1);
    expect([...sizes].sort()).toEqual([400, 400, 400]);
    for (const centre of THREE) {
      const distances = [0, 1, 2].map((c) => Math.hypot(...centre.map((x, j) => x - (model.centroids[c * 3 + j] as number))));
      expect(Math.min(...distances)).toBeLessThan(0.2);
    }
  });

  it("gives identical centroids for the same seed and the same partition for another seed", () => {
    const { m } = blobs(THREE, 200, 2, 2);
    const a = fitMiniBatchKMeans(m, { k: 3, seed: 5 });
    const b = fitMiniBatchKMeans(m, { k: 3, seed: 5 });
    const c = fitMiniBatchKMeans(m, { k: 3, seed: 6 });
    expect([...a.centroids]).toEqual([...b.centroids]);
    expect(adjustedRandIndex(assignClusters(m, a.centroids, 3).labels, assignClusters(m, c.centroids, 3).labels)).toBe(1);
  });

  it("stops early once the smoothed batch inertia stops improving", () => {
    const { m } = blobs(THREE, 300, 1, 3);
    const model = fitMiniBatchKMeans(m, { k: 3, seed: 1, batchSize: 64, maxIterations: 1000, patience: 10 });
    expect(model.iterations).toBeLessThan(1000);
  });

  it("refuses more clusters than rows and a k that is not a positive integer", () => {
    const m = matrixFromRows([[1], [2]]);
    expect(() => fitMiniBatchKMeans(m, { k: 3, seed: 1 })).toThrow(/3 clusters of 2 rows/);
    expect(() => fitMiniBatchKMeans(m, { k: 0, seed: 1 })).toThrow(/positive integer/);
  });
});

describe("k-means++", () => {
  it("with k equal to the number of distinct points picks each point once", () => {
    const m = matrixFromRows([[0, 0], [0, 0], [5, 5], [9, 1]]);
    const centres = kmeansPlusPlus(m, 3, seededUniform(3));
    const picked = [0, 1, 2].map((c) => `${centres[c * 2]},${centres[c * 2 + 1]}`).sort();
    expect(picked).toEqual(["0,0", "5,5", "9,1"]);
  });
});

describe("assignment", () => {
  it("puts (1,1) with centre (0,0), (4,4) with (5,5), and sums squared distances 2 + 2 = 4", () => {
    const m = matrixFromRows([[1, 1], [4, 4]]);
    const result = assignClusters(m, Float64Array.from([0, 0, 5, 5]), 2);
    expect([...result.labels]).toEqual([0, 1]);
    expect(result.inertia).toBe(4);
    expect([...result.sizes]).toEqual([1, 1]);
  });
});
