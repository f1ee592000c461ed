import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

const TWO_POW_32 = 4_294_967_296;

/**
 * A seeded uniform source in [0, 1) over pure-rand's xoroshiro128+. Stream `s` (a restart, a sample) starts
 * s jumps of 2^64 draws after the seed's own start, the way pure-rand recommends for independent sequences;
 * the same seed always gives the same clustering.
 */
export function seededUniform(seed: number, stream = 0): () => number {
  const gen = xoroshiro128plus(seed);
  for (let s = 0; s < stream; s++) gen.jump();
  return () => (gen.next() >>> 0) / TWO_POW_32;
}

/** Integer in [0, n). */
export function randomIndex(uniform: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(uniform() * n));
}

/** k distinct indices of [0, n) (all of them, shuffled, when k >= n): a partial Fisher-Yates shuffle. */
export function sampleIndices(uniform: () => number, n: number, k: number): Int32Array {
  const take = Math.min(n, k);
  // For a small sample of a big range a map of swapped positions avoids allocating n integers.
  const swapped = new Map<number, number>();
  const out = new Int32Array(take);
  for (let i = 0; i < take; i++) {
    const j = i + randomIndex(uniform, n - i);
    const atJ = swapped.get(j) ?? j;
    out[i] = atJ;
    swapped.set(j, swapped.get(i) ?? i);
  }
  return out;
}
