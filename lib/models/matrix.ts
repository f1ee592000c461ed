/**
 * The table every model in lib/models trains on and scores: named numeric columns, one row per member.
 * Column-major, because features arrive from SQL one column at a time and models standardise or bin one
 * column at a time. NaN means "missing" (a member with one purchase has no interval between purchases):
 * the trees send it down a learned side, the logistic regression imputes the training mean.
 */
export interface FeatureMatrix {
  readonly featureNames: readonly string[];
  /** columns[f][i] is feature f of row i. */
  readonly columns: readonly Float64Array[];
  readonly rows: number;
}

export function featureMatrix(featureNames: readonly string[], columns: readonly Float64Array[]): FeatureMatrix {
  if (featureNames.length !== columns.length) {
    throw new RangeError(`featureMatrix: ${featureNames.length} names for ${columns.length} columns`);
  }
  const duplicate = featureNames.find((name, i) => featureNames.indexOf(name) !== i);
  if (duplicate !== undefined) throw new RangeError(`featureMatrix: feature "${duplicate}" appears twice`);
  const rows = columns[0]?.length ?? 0;
  columns.forEach((column, f) => {
    if (column.length !== rows) throw new RangeError(`featureMatrix: column "${featureNames[f]}" has ${column.length} rows, expected ${rows}`);
  });
  return { featureNames: [...featureNames], columns, rows };
}

/** Rows of plain objects (SQL results) to a matrix; null, undefined and non-finite values become NaN. */
export function matrixFromRecords(records: readonly Record<string, unknown>[], featureNames: readonly string[]): FeatureMatrix {
  const columns = featureNames.map((name) =>
    Float64Array.from(records, (record) => {
      const value = record[name];
      const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
      return Number.isFinite(number) ? number : Number.NaN;
    }),
  );
  return featureMatrix(featureNames, columns);
}

/** The named columns, in the order asked; a name the matrix lacks is an error naming it. */
export function selectColumns(matrix: FeatureMatrix, names: readonly string[]): FeatureMatrix {
  return featureMatrix(
    names,
    names.map((name) => columnOf(matrix, name)),
  );
}

export function columnOf(matrix: FeatureMatrix, name: string): Float64Array {
  const index = matrix.featureNames.indexOf(name);
  const column = matrix.columns[index];
  if (index < 0 || !column) throw new RangeError(`feature "${name}" is not in the matrix (it has: ${matrix.featureNames.join(", ")})`);
  return column;
}

/** The matrix with extra columns appended (e.g. BTYD outputs next to behavioural features). */
export function appendColumns(matrix: FeatureMatrix, extra: readonly { name: string; values: Float64Array }[]): FeatureMatrix {
  return featureMatrix(
    [...matrix.featureNames, ...extra.map((e) => e.name)],
    [...matrix.columns, ...extra.map((e) => e.values)],
  );
}

/** The given rows of a matrix, in the given order. */
export function takeRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const columns = matrix.columns.map((column) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = column[rows[i] as number] as number;
    return out;
  });
  return featureMatrix(matrix.featureNames, columns);
}

/** Maps a model's feature names to column indices of a matrix, so a model scores any matrix that has its features. */
export function columnsFor(matrix: FeatureMatrix, featureNames: readonly string[]): Float64Array[] {
  return featureNames.map((name) => columnOf(matrix, name));
}
