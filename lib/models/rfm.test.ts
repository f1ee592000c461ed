import { describe, expect, it } from "vitest";
import { fmScore, quintileCutPoints, quintileScores, RFM_SEGMENTS, rfmSegment, rfmSegmentRanges, scoreRfm, type Score } from "./rfm";

describe("quintile scores", () => {
  it("frequencies 1,1,1,2,3,5,8,8,10,20 score 1,1,1,2,3,3,4,4,5,5 (1 + floor(5 x members below / 10))", () => {
    // below: 0,0,0,3,4,5,6,6,8,9 -> 1 + floor(0, 0, 0, 1.5, 2, 2.5, 3, 3, 4, 4.5)
    expect([...quintileScores([1, 1, 1, 2, 3, 5, 8, 8, 10, 20], "higher")]).toEqual([1, 1, 1, 2, 3, 3, 4, 4, 5, 5]);
  });

  it("recency is inverted: days 0,5,5,10,30,60,90,200,365,400 score 5,4,4,4,3,3,2,2,1,1", () => {
    // members with strictly older last purchases: 9,7,7,6,5,4,3,2,1,0
    expect([...quintileScores([0, 5, 5, 10, 30, 60, 90, 200, 365, 400], "lower")]).toEqual([5, 4, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it("gives equal values equal scores whatever their order, and leaves a score empty rather than split a tie", () => {
    // 4 of 6 members bought once: all score 1; the 2-purchase member has 4 below -> 1 + floor(20/6) = 4.
    expect([...quintileScores([2, 1, 1, 3, 1, 1], "higher")]).toEqual([4, 1, 1, 5, 1, 1]);
    expect([...quintileScores([7, 7, 7], "higher")]).toEqual([1, 1, 1]);
  });

  it("turns scores into raw-value conditions: F >= 4 is frequency >= 8, R >= 4 is at most 10 days", () => {
    expect(quintileCutPoints([1, 1, 1, 2, 3, 5, 8, 8, 10, 20], "higher")).toEqual({ 2: 2, 3: 3, 4: 8, 5: 10 });
    expect(quintileCutPoints([0, 5, 5, 10, 30, 60, 90, 200, 365, 400], "lower")).toEqual({ 2: 200, 3: 60, 4: 10, 5: 0 });
    expect(quintileCutPoints([2, 1, 1, 3, 1, 1], "higher")).toEqual({ 2: 2, 3: 2, 4: 2, 5: 3 });
  });

  it("refuses NaN", () => {
    expect(() => quintileScores([1, Number.NaN], "higher")).toThrow(/NaN/);
  });
});

describe("RFM segments", () => {
  it("FM is the mean of F and M rounded half up: (3, 4) -> 4, (1, 2) -> 2, (2, 2) -> 2", () => {
    expect([fmScore(3, 4), fmScore(1, 2), fmScore(2, 2), fmScore(5, 5)]).toEqual([4, 2, 2, 5]);
  });

  it("places R 5 / FM 5 in Champions, R 1 / FM 5 in Can't lose them, R 5 / FM 1 in New customers, R 1 / FM 1 in Lost", () => {
    expect([rfmSegment(5, 5), rfmSegment(1, 5), rfmSegment(5, 1), rfmSegment(1, 1), rfmSegment(3, 3), rfmSegment(2, 4)]).toEqual([
      "champions",
      "cant_lose_them",
      "new_customers",
      "lost",
      "need_attention",
      "at_risk",
    ]);
  });

  it("covers all 25 cells, every segment at least once", () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let fm = 1; fm <= 5; fm++) seen.add(rfmSegment(r as Score, fm as Score));
    expect([...seen].sort()).toEqual([...RFM_SEGMENTS].sort());
  });

  it("keeps every cell inside its segment's published ranges (Putler)", () => {
    const published: Record<string, [number, number, number, number]> = {
      champions: [4, 5, 4, 5],
      loyal_customers: [2, 5, 3, 5],
      potential_loyalists: [3, 5, 1, 3],
      new_customers: [4, 5, 1, 1],
      promising: [3, 4, 1, 1],
      need_attention: [2, 3, 2, 3],
      about_to_sleep: [2, 3, 1, 2],
      at_risk: [1, 2, 2, 5],
      cant_lose_them: [1, 1, 4, 5],
      hibernating: [1, 2, 1, 2],
      lost: [1, 2, 1, 2],
    };
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) {
        const [rLo, rHi, fmLo, fmHi] = published[rfmSegment(r as Score, fm as Score)] ?? [0, 0, 0, 0];
        expect(r >= rLo && r <= rHi && fm >= fmLo && fm <= fmHi, `R ${r} FM ${fm}`).toBe(true);
      }
    }
  });

  it("writes segments as score boxes: Champions R 4-5 and FM 4-5 (F + M 7-10); Loyal customers two boxes", () => {
    expect(rfmSegmentRanges("champions")).toEqual([{ r: [4, 5], fm: [4, 5], fmSum: [7, 10] }]);
    expect(rfmSegmentRanges("loyal_customers")).toEqual([
      { r: [4, 5], fm: [3, 3], fmSum: [5, 6] },
      { r: [3, 3], fm: [4, 5], fmSum: [7, 10] },
    ]);
    expect(rfmSegmentRanges("lost")).toEqual([{ r: [1, 1], fm: [1, 2], fmSum: [2, 4] }]);
  });

  it("boxes and the grid agree on every (R, F, M) combination", () => {
    for (const segment of RFM_SEGMENTS) {
      const boxes = rfmSegmentRanges(segment);
      for (let r = 1; r <= 5; r++) {
        for (let f = 1; f <= 5; f++) {
          for (let m = 1; m <= 5; m++) {
            const inBox = boxes.some((b) => r >= b.r[0] && r <= b.r[1] && f + m >= b.fmSum[0] && f + m <= b.fmSum[1]);
            expect(inBox).toBe(rfmSegment(r as Score, fmScore(f as Score, m as Score)) === segment);
          }
        }
      }
    }
  });

  it("scores members against each other: the recent big spender is a Champion, the lapsed one-off buyer Lost", () => {
    const members = [
      { recencyDays: 2, frequency: 30, monetary: 90_000 },
      { recencyDays: 400, frequency: 1, monetary: 1_000 },
      { recencyDays: 50, frequency: 5, monetary: 20_000 },
      { recencyDays: 120, frequency: 3, monetary: 8_000 },
      { recencyDays: 20, frequency: 8, monetary: 30_000 },
    ];
    const scores = scoreRfm(members);
    expect(scores[0]).toEqual({ r: 5, f: 5, m: 5, fm: 5 });
    expect(scores[1]).toEqual({ r: 1, f: 1, m: 1, fm: 1 });
    expect(rfmSegment(scores[0]!.r, scores[0]!.fm)).toBe("champions");
    expect(rfmSegment(scores[1]!.r, scores[1]!.fm)).toBe("lost");
  });
});
