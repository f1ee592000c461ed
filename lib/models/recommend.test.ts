import { describe, expect, it } from "vitest";
import { fitItemSimilarity, hitRateAtK, popularityModel, recallAtK, recommendFor, recommendPopular, similarityOf } from "./recommend";

/*
 * 4 members × 4 items:  m0 {0, 1}   m1 {0, 1, 2}   m2 {1, 2}   m3 {3}
 * buyers n = [2, 3, 2, 1]; both-bought c(0,1) = 2, c(0,2) = 1, c(1,2) = 2, item 3 with nothing.
 */
const HISTORIES = [[0, 1], [0, 1, 2], [1, 2], [3]];

describe("item-item cosine similarity", () => {
  const model = fitItemSimilarity(HISTORIES, 4, { neighbours: 50 });

  it("sim(0,1) = 2 / sqrt(2·3) = 0.8165, sim(0,2) = 1 / sqrt(2·2) = 0.5, sim(1,2) = 2 / sqrt(3·2) = 0.8165, symmetric", () => {
    expect(similarityOf(model, 0, 1)).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(similarityOf(model, 1, 0)).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(similarityOf(model, 0, 2)).toBeCloseTo(0.5, 6);
    expect(similarityOf(model, 2, 0)).toBeCloseTo(0.5, 6);
    expect(similarityOf(model, 1, 2)).toBeCloseTo(2 / Math.sqrt(6), 6);
  });

  it("item 3 (never bought with anything) has no neighbours and sim 0 to everyone; an item is not its own neighbour", () => {
    expect(Array.from(model.neighbourIds.subarray(3 * model.neighbours, 3 * model.neighbours + 3))).toEqual([-1, -1, -1]);
    expect(similarityOf(model, 0, 3)).toBe(0);
    expect(similarityOf(model, 0, 0)).toBe(0);
  });

  it("keeps neighbours most similar first: item 0 -> [1 (0.82), 2 (0.5)]; with 1 kept, item 1's tie 0.82/0.82 goes to the lower index 0", () => {
    expect(Array.from(model.neighbourIds.subarray(0, 2))).toEqual([1, 2]);
    const one = fitItemSimilarity(HISTORIES, 4, { neighbours: 1 });
    expect(Array.from(one.neighbourIds)).toEqual([1, 0, 1, -1]);
  });

  it("counts a member once per item: [0, 0, 1] and [0, 1] give buyers [1, 1] and sim(0,1) = 1 / sqrt(1·1) = 1", () => {
    const dup = fitItemSimilarity([[0, 0, 1]], 2);
    expect(Array.from(dup.popularity.buyers)).toEqual([1, 1]);
    expect(similarityOf(dup, 0, 1)).toBeCloseTo(1, 6);
  });

  it("refuses an item index outside 0..itemCount - 1", () => {
    expect(() => fitItemSimilarity([[0, 4]], 4)).toThrow(RangeError);
  });
});

describe("recommendations", () => {
  const model = fitItemSimilarity(HISTORIES, 4);

  it("ranks items by buyers 3, 2, 2, 1 -> [1, 0, 2, 3] (tie 0/2 to the lower index)", () => {
    expect(Array.from(popularityModel(HISTORIES, 4).ranked)).toEqual([1, 0, 2, 3]);
  });

  it("for history {0}: 1 (0.82) before 2 (0.5)", () => {
    expect(recommendFor([0], model, { n: 2 })).toEqual([1, 2]);
  });

  it("for history {0, 2}: 1 scores 0.82 + 0.82 = 1.63, nothing else unseen scores, so popularity fills with 3 (0 and 2 seen)", () => {
    expect(recommendFor([0, 2], model, { n: 3 })).toEqual([1, 3]);
  });

  it("for history {3} (no neighbours): the popularity fallback [1, 0]", () => {
    expect(recommendFor([3], model, { n: 2 })).toEqual([1, 0]);
  });

  it("with excludeSeen false, history {0} gets [1 (0.82), 2 (0.5)] and then its own item 0 from popularity", () => {
    expect(recommendFor([0], model, { n: 3, excludeSeen: false })).toEqual([1, 2, 0]);
  });

  it("the popularity baseline leaves out what the member bought: history {1} -> [0, 2]; without exclusion [1, 0]", () => {
    const popularity = popularityModel(HISTORIES, 4);
    expect(recommendPopular([1], popularity, { n: 2 })).toEqual([0, 2]);
    expect(recommendPopular([1], popularity, { n: 2, excludeSeen: false })).toEqual([1, 0]);
  });
});

describe("top-k metrics", () => {
  const recommended = [[1, 2], [3, 0], [0, 1], [2, 3]];
  const actual = [new Set([2]), new Set([1, 2]), new Set<number>(), [0, 3]];

  it("hit rate@2 = 2 / 3: members 0 (item 2) and 3 (item 3) hit, member 1 misses, member 2 has no future items and is left out", () => {
    expect(hitRateAtK(recommended, actual, 2)).toBeCloseTo(2 / 3, 12);
  });

  it("recall@2 = (1/1 + 0/2 + 1/2) / 3 = 0.5", () => {
    expect(recallAtK(recommended, actual, 2)).toBeCloseTo(0.5, 12);
  });

  it("at k = 1 nobody hits: hit rate 0, recall 0", () => {
    expect(hitRateAtK(recommended, actual, 1)).toBe(0);
    expect(recallAtK(recommended, actual, 1)).toBe(0);
  });

  it("is NaN when no member has a future item, and refuses lists of different lengths", () => {
    expect(hitRateAtK([[1]], [[]], 1)).toBeNaN();
    expect(() => recallAtK([[1]], [], 1)).toThrow(RangeError);
  });
});
