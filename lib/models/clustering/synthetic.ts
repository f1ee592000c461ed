import { createMatrix, type FeatureMatrix } from "./matrix";
import { seededUniform } from "./random";

/**
 * Synthetic clustered data for tests and the benchmark: `n` rows around each centre, every coordinate the
 * centre's plus uniform noise in [-spread, spread]. Rows come centre by centre; `truth` holds each row's centre.
 */
export function blobs(centres: readonly (readonly number[])[], n: number, spread: number, seed: number): { m: FeatureMatrix; truth: Int32Array } {
  const uniform = seededUniform(seed, 99);
  const cols = centres[0]?.length ?? 0;
  const m = createMatrix(centres.length * n, cols);
  const truth = new Int32Array(centres.length * n);
  centres.forEach((centre, c) => {
    for (let i = 0; i < n; i++) {
      const row = c * n + i;
      truth[row] = c;
      for (let j = 0; j < cols; j++) m.data[row * cols + j] = (centre[j] as number) + (2 * uniform() - 1) * spread;
    }
  });
  return { m, truth };
}
