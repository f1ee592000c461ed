import { quintileCutPoints, RFM_SEGMENTS, rfmSegment, rfmSegmentRanges, scoreRfm, type RfmSegment, type RfmValues, type Score } from "@/lib/models/rfm";
import type { Condition, RuleNode } from "./rule";

/**
 * RFM segments as saved segments. lib/models/rfm.ts scores members against each other; a saved segment
 * needs a rule the compiler can run on live data, so each score is written as a range of the raw value
 * it came from (`quintileCutPoints`): "F ≥ 4" becomes "purchases ≥ 8" with the cut points of the day the
 * segment is saved. The rule selects, on that day, exactly the members the model puts in the segment
 * (tested in db/queries/segments-rfm.test.ts); later it keeps those thresholds while members move.
 *
 * The raw values are the catalogue's: R = `recency_days` (whole days since the last purchase), F =
 * `purchases` (sale receipts), M = `net_spend` (minor units). Members without a purchase have no scores.
 */

type Cuts = Record<2 | 3 | 4 | 5, number | null>;

export interface RfmCuts {
  /** Largest recency (days) that still scores at least s. */
  r: Cuts;
  /** Smallest purchases / net spend that scores at least s. */
  f: Cuts;
  m: Cuts;
}

export interface RfmSummary {
  /** Members scored (those with a purchase). */
  scored: number;
  /** Members per cell: grid[5 - R][FM - 1], rows R = 5..1, columns FM = 1..5. */
  grid: number[][];
  segments: Record<RfmSegment, number>;
  cuts: RfmCuts;
}

export function rfmCuts(values: readonly RfmValues[]): RfmCuts {
  return {
    r: quintileCutPoints(values.map((v) => v.recencyDays), "lower"),
    f: quintileCutPoints(values.map((v) => v.frequency), "higher"),
    m: quintileCutPoints(values.map((v) => v.monetary), "higher"),
  };
}

/** Scores every member and counts them per grid cell and per named segment. */
export function summarizeRfm(values: readonly RfmValues[]): RfmSummary & { segmentOf: RfmSegment[] } {
  const grid = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const segments = Object.fromEntries(RFM_SEGMENTS.map((s) => [s, 0])) as Record<RfmSegment, number>;
  const segmentOf = scoreRfm(values).map(({ r, fm }) => {
    grid[5 - r]![fm - 1]! += 1;
    const segment = rfmSegment(r, fm);
    segments[segment] += 1;
    return segment;
  });
  return { scored: values.length, grid, segments, cuts: rfmCuts(values), segmentOf };
}

const SCORES = [1, 2, 3, 4, 5] as const;
const SCORED: Condition = { field: "last_purchase_at", op: "is_not_null" };

/**
 * Conditions saying "score within [from, to]" on one raw field; null when no value scores in that range
 * (an empty quintile, or a score nobody reached).
 */
function scoreRange(field: string, cuts: Cuts, from: Score, to: Score, better: "higher" | "lower"): Condition[] | null {
  const low = from >= 2 ? cuts[from as 2 | 3 | 4 | 5] : undefined;
  if (low === null) return null; // nobody scores `from` or more
  const high = to <= 4 ? cuts[(to + 1) as 2 | 3 | 4 | 5] : null; // the first value past the range; null: no bound
  if (low !== undefined && high !== null && low === high) return null;
  const conditions: Condition[] = [];
  if (better === "higher") {
    if (low !== undefined) conditions.push({ field, op: "gte", value: low });
    if (high !== null) conditions.push({ field, op: "lt", value: high });
  } else {
    if (low !== undefined) conditions.push({ field, op: "lte", value: low });
    if (high !== null) conditions.push({ field, op: "gt", value: high });
  }
  return conditions;
}

/**
 * The rule of a named RFM segment with these cut points: members with a purchase, in any of the
 * segment's score boxes. A box "R a-b, FM c-d" is not a box in F and M (FM is (F + M) / 2 rounded), so it
 * is written per F score: F = f and M in [2c - 1 - f, 2d - f]. Null when the segment holds nobody.
 */
export function rfmSegmentRule(segment: RfmSegment, cuts: RfmCuts): RuleNode | null {
  const groups: RuleNode[] = [];
  for (const box of rfmSegmentRanges(segment)) {
    const r = scoreRange("recency_days", cuts.r, box.r[0], box.r[1], "lower");
    if (!r) continue;
    for (const f of SCORES) {
      const mFrom = Math.max(1, box.fmSum[0] - f);
      const mTo = Math.min(5, box.fmSum[1] - f);
      if (mFrom > mTo) continue;
      const fc = scoreRange("purchases", cuts.f, f, f, "higher");
      const mc = scoreRange("net_spend", cuts.m, mFrom as Score, mTo as Score, "higher");
      if (!fc || !mc) continue;
      const conditions = [...r, ...fc, ...mc];
      // A box without bounds (every score) holds every scored member.
      if (conditions.length === 0) return SCORED;
      groups.push({ all: conditions });
    }
  }
  if (groups.length === 0) return null;
  return { all: [SCORED, groups.length === 1 ? groups[0]! : { any: groups }] };
}
