/**
 * RFM: recency, frequency and monetary quintile scores, and the classic named segments.
 *
 * Scores. For frequency and monetary value a member scores 1 + floor(5 * below / n), where `below` is the
 * number of the n members scored whose value is strictly lower; for recency (days since the last purchase)
 * `below` counts the members whose last purchase is strictly longer ago, so the most recent score 5.
 * Members with equal values always share a score, whatever their order (the "min" rank of a percentile
 * rank, not PostgreSQL's ntile(), which splits ties arbitrarily). So quintiles are only approximately
 * equal: when 40% of members bought exactly once they all score F = 1 and F = 2 is empty. That is what lets
 * a score be written as a condition on the raw value (see quintileCutPoints). Members who never bought have
 * no RFM scores and are not among the n.
 *
 * Segments. The eleven names and their score ranges are those of Putler's "RFM Analysis For Successful
 * Customer Segmentation" (https://www.putler.com/rfm-analysis/), which places segments on the recency score
 * R and the average of the frequency and monetary scores (FM, here (F + M) / 2 rounded half up). Putler's
 * ranges overlap (Loyal Customers R 2-5 / FM 3-5 contains Champions R 4-5 / FM 4-5) and Hibernating
 * (R 1-2, FM 1-2) and Lost (R <= 2, FM <= 2) coincide on a 1-5 scale, so a cell-by-cell grid is fixed here:
 * every cell lies inside its segment's published ranges and every segment keeps at least one cell.
 */

export type Score = 1 | 2 | 3 | 4 | 5;

export interface RfmValues {
  recencyDays: number;
  /** Purchases. */
  frequency: number;
  /** Spend, any unit (minor units). */
  monetary: number;
}

export interface RfmScores {
  r: Score;
  f: Score;
  m: Score;
  /** (f + m) / 2 rounded half up. */
  fm: Score;
}

export const RFM_SEGMENTS = [
  "champions",
  "loyal_customers",
  "potential_loyalists",
  "new_customers",
  "promising",
  "need_attention",
  "about_to_sleep",
  "at_risk",
  "cant_lose_them",
  "hibernating",
  "lost",
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export type Better = "higher" | "lower";

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values as ArrayLike<number>);
  for (const v of sorted) if (Number.isNaN(v)) throw new Error("RFM values must be numbers, got NaN");
  return sorted.sort();
}

/** Index of the first element >= x (strict = false) or > x (strict = true) in an ascending array. */
function bound(sorted: Float64Array, x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v < x || (strict && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Quintile scores 1-5 of the values (see the file comment); `better` says which end scores 5. */
export function quintileScores(values: ArrayLike<number>, better: Better): Uint8Array {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    const below = better === "higher" ? bound(sorted, x, false) : n - bound(sorted, x, true);
    scores[i] = 1 + Math.floor((5 * below) / n);
  }
  return scores;
}

/**
 * For each score s = 2..5, the value a member needs to score at least s on the data scored: the smallest
 * such value when higher is better, the largest when lower is better (recency); null when no member scores
 * s or more. "F >= 4" becomes "frequency >= cuts[4]", which a saved segment can evaluate on live data.
 */
export function quintileCutPoints(values: ArrayLike<number>, better: Better): Record<2 | 3 | 4 | 5, number | null> {
  const scores = quintileScores(values, better);
  const cuts: Record<2 | 3 | 4 | 5, number | null> = { 2: null, 3: null, 4: null, 5: null };
  for (let i = 0; i < scores.length; i++) {
    const x = values[i] as number;
    for (const s of [2, 3, 4, 5] as const) {
      if ((scores[i] as number) < s) continue;
      const current = cuts[s];
      if (current === null || (better === "higher" ? x < current : x > current)) cuts[s] = x;
    }
  }
  return cuts;
}

export function fmScore(f: Score, m: Score): Score {
  return Math.floor((f + m + 1) / 2) as Score;
}

/** R, F, M and FM scores of each member, scored against each other. */
export function scoreRfm(members: readonly RfmValues[]): RfmScores[] {
  const r = quintileScores(members.map((m) => m.recencyDays), "lower");
  const f = quintileScores(members.map((m) => m.frequency), "higher");
  const m = quintileScores(members.map((x) => x.monetary), "higher");
  return members.map((_, i) => {
    const scores = { r: r[i] as Score, f: f[i] as Score, m: m[i] as Score };
    return { ...scores, fm: fmScore(scores.f, scores.m) };
  });
}

/** GRID[5 - R][FM - 1]: rows R = 5..1, columns FM = 1..5. */
const GRID: readonly (readonly RfmSegment[])[] = [
  ["new_customers", "potential_loyalists", "loyal_customers", "champions", "champions"],
  ["new_customers", "potential_loyalists", "loyal_customers", "champions", "champions"],
  ["promising", "about_to_sleep", "need_attention", "loyal_customers", "loyal_customers"],
  ["hibernating", "about_to_sleep", "need_attention", "at_risk", "at_risk"],
  ["lost", "lost", "at_risk", "cant_lose_them", "cant_lose_them"],
];

export function rfmSegment(r: Score, fm: Score): RfmSegment {
  const segment = GRID[5 - r]?.[fm - 1];
  if (!segment) throw new Error(`scores must be 1-5, got R ${r} FM ${fm}`);
  return segment;
}

export interface ScoreBox {
  r: [Score, Score];
  fm: [Score, Score];
  /** The same FM range as a range of F + M (fm = a..b exactly when f + m = 2a - 1 .. 2b, within 2..10). */
  fmSum: [number, number];
}

/**
 * A segment as a union of score rectangles (runs of FM cells within an R row, merged over adjacent rows with
 * the same run): "R 4-5 and FM 4-5" for Champions. A saved segment is the OR of these boxes.
 */
export function rfmSegmentRanges(segment: RfmSegment): ScoreBox[] {
  const runs: { r: Score; from: Score; to: Score }[] = [];
  for (let r = 5; r >= 1; r--) {
    for (let fm = 1; fm <= 5; fm++) {
      if (rfmSegment(r as Score, fm as Score) !== segment) continue;
      const last = runs[runs.length - 1];
      if (last && last.r === r && last.to === fm - 1) last.to = fm as Score;
      else runs.push({ r: r as Score, from: fm as Score, to: fm as Score });
    }
  }
  const boxes: ScoreBox[] = [];
  for (const run of runs) {
    const above = boxes.find((b) => b.r[0] === run.r + 1 && b.fm[0] === run.from && b.fm[1] === run.to);
    if (above) above.r[0] = run.r;
    else boxes.push({ r: [run.r, run.r], fm: [run.from, run.to], fmSum: [Math.max(2, 2 * run.from - 1), Math.min(10, 2 * run.to)] });
  }
  return boxes;
}
