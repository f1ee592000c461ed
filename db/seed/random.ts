import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/**
 * A 32-bit avalanche hash ("lowbias32" from Wellons' hash-prospector): every input bit flips about half
 * of the output bits. Used only to derive generator states and stream keys, never as the random source.
 */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds numbers (seed, stream, index, ...) into one well-mixed 32-bit key. */
export function hashKey(parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) h = mix32(h ^ mix32(part + 0x6a09e667));
  return h;
}

/** FNV-1a over UTF-16 code units, then mixed: turns a tag into a stream key. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

const TWO_POW_32 = 4_294_967_296;

/**
 * Seeded random draws for the demo generator. The bits come from pure-rand's xoroshiro128+. Its own
 * `xoroshiro128plus(seed)` starts neighbouring seeds from states that differ in one word, so streams for
 * member 17 and member 18 would start correlated; here all 128 bits of state are filled from a hash of the
 * key instead (the usual advice for seeding xoroshiro), so every member gets an independent stream and a
 * member's data does not depend on how members are chunked.
 */
export class Random {
  private readonly gen: RandomGenerator;

  constructor(key: readonly number[]) {
    const base = hashKey(key);
    const state = [mix32(base ^ 0x243f6a88), mix32(base ^ 0x85a308d3), mix32(base ^ 0x13198a2e), mix32(base ^ 0x03707344)];
    // An all-zero state would emit zeros forever.
    if (state.reduce((bits, word) => bits | word, 0) === 0) state[0] = 1;
    this.gen = xoroshiro128plusFromState(state.map((word) => word | 0));
  }

  /** Uniform in the open interval (0, 1): 32 bits are plenty for simulation and log(0) can never happen. */
  uniform(): number {
    return ((this.gen.next() >>> 0) + 0.5) / TWO_POW_32;
  }

  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Integer in [low, high], both included. */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.uniform() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.uniform() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** Box-Muller; the second value is dropped so that a member's stream never depends on call parity. */
  normal(mean = 0, sd = 1): number {
    const radius = Math.sqrt(-2 * Math.log(this.uniform()));
    return mean + sd * radius * Math.cos(2 * Math.PI * this.uniform());
  }

  lognormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  exponential(rate: number): number {
    return -Math.log(this.uniform()) / rate;
  }

  /** Marsaglia & Tsang (2000), with the U^(1/shape) boost for shape < 1. */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Knuth's product method; the generator only asks for small means, where it is exact and quick. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let product = this.uniform();
    while (product > limit) {
      k++;
      product *= this.uniform();
    }
    return k;
  }

  dirichlet(alpha: readonly number[]): number[] {
    const draws = alpha.map((a) => this.gamma(a));
    const total = draws.reduce((sum, x) => sum + x, 0);
    return draws.map((x) => x / total);
  }

  /** Index drawn with probability proportional to weights[i] (a linear scan: for short lists). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let target = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  /** A version-4 UUID whose random bits come from this stream, so ids repeat with the seed. */
  uuid(): string {
    const a = this.gen.next() >>> 0;
    const b = ((this.gen.next() & 0xffff0fff) | 0x00004000) >>> 0;
    const c = ((this.gen.next() & 0x3fffffff) | 0x80000000) >>> 0;
    const d = this.gen.next() >>> 0;
    const hex = hex8(a) + hex8(b) + hex8(c) + hex8(d);
    return formatUuid(hex);
  }

  /**
   * A version-8 ("custom", RFC 9562) UUID: 16 bits of run prefix, a 32-bit counter, then 74 random bits
   * from this stream. Ids that grow with the counter make B-tree inserts append to the right edge of every
   * member-keyed index instead of dirtying random pages, which matters once those indexes outgrow the
   * buffer cache at a million members.
   */
  sequentialUuid(prefix: number, counter: number): string {
    const high = (((prefix & 0xffff) << 16) | (counter >>> 16)) >>> 0;
    const mid = (((counter & 0xffff) << 16) | 0x8000 | (this.gen.next() & 0x0fff)) >>> 0;
    const low = ((this.gen.next() & 0x3fffffff) | 0x80000000) >>> 0;
    return formatUuid(hex8(high) + hex8(mid) + hex8(low) + hex8(this.gen.next() >>> 0));
  }
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// A table lookup per byte: toString(16).padStart showed up in profiles of million-member runs.
function hex8(word: number): string {
  return (
    (HEX_BYTE[word >>> 24] as string) +
    (HEX_BYTE[(word >>> 16) & 0xff] as string) +
    (HEX_BYTE[(word >>> 8) & 0xff] as string) +
    (HEX_BYTE[word & 0xff] as string)
  );
}

/**
 * Sampling from a long fixed list (products in a category, hours of the day) by binary search over
 * cumulative weights: O(log n) per draw instead of a scan.
 */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error("weighted table needs one weight per item");
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((w, i) => {
      total += w;
      this.cumulative[i] = total;
    });
  }

  sample(random: Random): T {
    return this.at(random.uniform());
  }

  /** The item at `u` in [0, 1) of the cumulative weights: a caller that splits one uniform draw between tables. */
  at(u: number): T {
    const cumulative = this.cumulative;
    const target = u * (cumulative[cumulative.length - 1] ?? 0);
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    return this.items[low] as T;
  }
}
