/**
 * The sufficient statistics of the BG/NBD and Pareto/NBD models: per customer x (repeat transactions in the
 * calibration period), t_x (time of the last repeat transaction after the first purchase, 0 when x = 0) and
 * T (time from the first purchase to the end of calibration), all in one time unit chosen by the caller.
 * Both likelihoods depend on a customer only through (x, t_x, T), so customers with the same triple are
 * fitted once with a count: the fit's cost then grows with the number of distinct triples, which is bounded
 * by the time grid (days, weeks), not with the number of customers.
 */
export interface RfmStats {
  x: number;
  tx: number;
  T: number;
}

export interface CompressedRfm extends RfmStats {
  count: number;
}

/**
 * Groups identical (x, t_x, T) triples; the order is by x, then t_x, then T.
 *
 * With a `grid` (> 0), t_x and T are first rounded to the nearest multiple of it: e.g. weeks (grid 1 in
 * weekly units) for a large member base on daily data, where exact triples keep multiplying (x times every
 * pair of days) while weekly ones fill up and stop growing. Rounding moves each time by at most half a grid
 * step, a small change to the likelihood that the docs quantify; without a grid the fit is exact.
 */
export function compressRfm(customers: Iterable<RfmStats>, grid = 0): CompressedRfm[] {
  if (!(grid >= 0)) throw new RangeError(`grid must be >= 0, got ${grid}`);
  const snap = (t: number) => (grid > 0 ? Math.round(t / grid) * grid : t);
  const groups = new Map<string, CompressedRfm>();
  for (const c of customers) {
    assertValidRfm(c);
    const tx = snap(c.tx);
    const T = snap(c.T);
    const key = `${c.x}|${tx}|${T}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { x: c.x, tx, T, count: 1 });
  }
  return [...groups.values()].sort((p, q) => p.x - q.x || p.tx - q.tx || p.T - q.T);
}

/** The data a fit accepts: plain triples (count 1 each) or compressed ones. */
export function asCompressed(data: readonly (RfmStats | CompressedRfm)[]): CompressedRfm[] {
  return data.map((d) => {
    assertValidRfm(d);
    const count = "count" in d ? d.count : 1;
    if (!(count > 0)) throw new RangeError(`count must be positive, got ${count}`);
    return { x: d.x, tx: d.tx, T: d.T, count };
  });
}

function assertValidRfm(c: RfmStats): void {
  const ok = Number.isInteger(c.x) && c.x >= 0 && c.tx >= 0 && c.T >= c.tx && (c.x > 0 || c.tx === 0);
  if (!ok) throw new RangeError(`invalid (x, t_x, T) = (${c.x}, ${c.tx}, ${c.T}): need integer x >= 0, 0 <= t_x <= T, t_x = 0 when x = 0`);
}

/**
 * (x, t_x, T) of one customer from the times of their transactions (already one per transaction: merge
 * same-day purchases first if that is the convention) and the end of calibration, in the same unit.
 * Transactions after the end are ignored. Returns undefined for a customer with no purchase by the end.
 */
export function summarizeTransactions(times: readonly number[], calibrationEnd: number): RfmStats | undefined {
  const inCalibration = times.filter((t) => t <= calibrationEnd);
  if (inCalibration.length === 0) return undefined;
  const first = Math.min(...inCalibration);
  const last = Math.max(...inCalibration);
  return { x: inCalibration.length - 1, tx: last - first, T: calibrationEnd - first };
}

/** Total of the counts: the number of customers a compressed data set stands for. */
export function totalCount(data: readonly CompressedRfm[]): number {
  let n = 0;
  for (const d of data) n += d.count;
  return n;
}
