/**
 * Rows (members) by columns (features) in one row-major Float64Array: a million members by 20 features is
 * 160 MB in one block, where an array of arrays would cost a million objects and scatter rows over the heap.
 */
export interface FeatureMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function createMatrix(rows: number, cols: number, data?: Float64Array): FeatureMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 1) throw new Error(`bad matrix shape ${rows} x ${cols}`);
  const values = data ?? new Float64Array(rows * cols);
  if (values.length !== rows * cols) throw new Error(`matrix data holds ${values.length} values, expected ${rows} x ${cols}`);
  return { rows, cols, data: values };
}

/** From plain rows (tests, small inputs); every row must have the same length. */
export function matrixFromRows(rows: readonly (readonly number[])[]): FeatureMatrix {
  const cols = rows[0]?.length ?? 0;
  const m = createMatrix(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`row ${i} has ${row.length} values, expected ${cols}`);
    m.data.set(row, i * cols);
  });
  return m;
}

/** The rows at the given indices, copied into a new matrix. */
export function selectRows(m: FeatureMatrix, indices: Int32Array): FeatureMatrix {
  const out = createMatrix(indices.length, m.cols);
  for (let i = 0; i < indices.length; i++) {
    const from = (indices[i] as number) * m.cols;
    out.data.set(m.data.subarray(from, from + m.cols), i * m.cols);
  }
  return out;
}

/** Squared Euclidean distance between row `row` of `data` and centre `centre` of `centres` (both `cols` wide). */
export function squaredDistance(data: Float64Array, row: number, centres: Float64Array, centre: number, cols: number): number {
  let sum = 0;
  const a = row * cols;
  const b = centre * cols;
  for (let j = 0; j < cols; j++) {
    const d = (data[a + j] as number) - (centres[b + j] as number);
    sum += d * d;
  }
  return sum;
}

/**
 * Index of the nearest of k centres to a row (ties go to the lower index); its squared distance is written
 * to out[0]. The out-parameter keeps the hot loop over a million rows free of allocations.
 */
export function nearestCentre(data: Float64Array, row: number, centres: Float64Array, k: number, cols: number, out: Float64Array): number {
  let index = 0;
  let distance = Infinity;
  for (let c = 0; c < k; c++) {
    const d = squaredDistance(data, row, centres, c, cols);
    if (d < distance) {
      distance = d;
      index = c;
    }
  }
  out[0] = distance;
  return index;
}
