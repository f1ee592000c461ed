import type { CompressedRfm } from "./summary";

/**
 * Compressed rows laid out for fast likelihood evaluation. Terms that depend on x alone (the gamma
 * functions), on (x, t_x) or on (x, T) alone (the Pareto/NBD hypergeometric terms) are computed once per
 * distinct value in an evaluation and looked up per row by index, so an evaluation costs a few logs per row
 * plus the expensive terms per distinct key.
 */
export interface PreparedRfm {
  rows: number;
  count: Float64Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Distinct x values, and each row's index into them. */
  xs: Float64Array;
  xIndex: Uint32Array;
  /** Distinct (x, t) pairs over both t_x and T, and each row's index of (x, t_x) and of (x, T). */
  pairX: Float64Array;
  pairT: Float64Array;
  txPairIndex: Uint32Array;
  TPairIndex: Uint32Array;
}

export function prepareRfm(data: readonly CompressedRfm[]): PreparedRfm {
  const n = data.length;
  const prepared: PreparedRfm = {
    rows: n,
    count: new Float64Array(n),
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    xs: new Float64Array(0),
    xIndex: new Uint32Array(n),
    pairX: new Float64Array(0),
    pairT: new Float64Array(0),
    txPairIndex: new Uint32Array(n),
    TPairIndex: new Uint32Array(n),
  };
  const xKeys = new Map<number, number>();
  const pairKeys = new Map<string, number>();
  const pairs: [number, number][] = [];
  const pairIndex = (x: number, t: number) => {
    const key = `${x}|${t}`;
    let index = pairKeys.get(key);
    if (index === undefined) {
      index = pairs.length;
      pairKeys.set(key, index);
      pairs.push([x, t]);
    }
    return index;
  };
  data.forEach((d, i) => {
    prepared.count[i] = d.count;
    prepared.x[i] = d.x;
    prepared.tx[i] = d.tx;
    prepared.T[i] = d.T;
    let xi = xKeys.get(d.x);
    if (xi === undefined) {
      xi = xKeys.size;
      xKeys.set(d.x, xi);
    }
    prepared.xIndex[i] = xi;
    prepared.txPairIndex[i] = pairIndex(d.x, d.tx);
    prepared.TPairIndex[i] = pairIndex(d.x, d.T);
  });
  prepared.xs = Float64Array.from(xKeys.keys());
  prepared.pairX = Float64Array.from(pairs, (p) => p[0]);
  prepared.pairT = Float64Array.from(pairs, (p) => p[1]);
  return prepared;
}
