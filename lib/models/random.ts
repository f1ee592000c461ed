import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

const TWO_POW_32 = 4_294_967_296;

/**
 * Seeded uniform draws for the models' sampling (row and column subsampling, validation splits), from
 * pure-rand's xoroshiro128+, so a model trained twice with the same seed is the same model.
 */
export class SeededRandom {
  private readonly gen: RandomGenerator;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return (this.gen.next() >>> 0) / TWO_POW_32;
  }

  /** `count` distinct integers from [0, n), ascending (partial Fisher-Yates). */
  choose(n: number, count: number): Int32Array {
    const pool = Int32Array.from({ length: n }, (_, i) => i);
    const k = Math.max(0, Math.min(n, count));
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.uniform() * (n - i));
      const tmp = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = tmp;
    }
    return pool.slice(0, k).sort();
  }
}
