import { describe, expect, it } from "vitest";
import { bgNbdPreparedLogLikelihood, bgNbdTotalLogLikelihood } from "./bgnbd";
import { paretoNbdPreparedLogLikelihood, paretoNbdTotalLogLikelihood } from "./pareto-nbd";
import { prepareRfm } from "./prepared";
import { compressRfm } from "./summary";

// Repeated triples, shared x values, a pair (x, t) that is both a t_x and a T, and a heavy buyer.
const ROWS = compressRfm([
  { x: 0, tx: 0, T: 5 },
  { x: 0, tx: 0, T: 5 },
  { x: 1, tx: 2, T: 5 },
  { x: 1, tx: 5, T: 9 },
  { x: 3, tx: 4.5, T: 9 },
  { x: 3, tx: 1, T: 9 },
  { x: 40, tx: 30, T: 38 },
]);

describe("prepared rows (terms per distinct x and per distinct (x, t) pair)", () => {
  it("index the distinct values: 4 distinct x, and (1, 5) shared by a t_x and a T", () => {
    const prepared = prepareRfm(ROWS);
    expect(prepared.rows).toBe(6);
    expect([...prepared.xs].sort((a, b) => a - b)).toEqual([0, 1, 3, 40]);
    const pairs = [...prepared.pairX].map((x, k) => `${x}|${prepared.pairT[k]}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.filter((p) => p === "1|5")).toHaveLength(1);
  });

  it("BG/NBD: the fast path equals the row-by-row sum", () => {
    const p = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
    expect(bgNbdPreparedLogLikelihood(p, prepareRfm(ROWS))).toBeCloseTo(bgNbdTotalLogLikelihood(p, ROWS), 10);
  });

  it("Pareto/NBD: the fast path equals the row-by-row sum, with α < β, α > β and β far above α + T", () => {
    for (const p of [
      { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
      { r: 1.3, alpha: 25, s: 2.2, beta: 4 },
      { r: 0.9, alpha: 6, s: 1500, beta: 45_000 },
    ]) {
      expect(paretoNbdPreparedLogLikelihood(p, prepareRfm(ROWS))).toBeCloseTo(paretoNbdTotalLogLikelihood(p, ROWS), 9);
    }
  });
});
